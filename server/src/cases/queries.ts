import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from '../db/database.js';
import type { CaseStatus, Database, Light, ReportKind } from '../db/schema.js';
import type { CaseFlag } from '../workflow/schemas.js';
import { pageOffset, type PageRequest } from '../http/paging.js';
import { isOpenCase } from '../dedup/queries.js';

/**
 * Locks a case for a further report (a 关注) if it is still open, and returns its status;
 * undefined when the case was finished meanwhile. The report's writes then update the row
 * once (`recordReportOnCase`): a row version written here would cost an entry in every index
 * of `cases`.
 */
export async function lockOpenCase(trx: Executor, caseId: number): Promise<{ id: number; status: CaseStatus } | undefined> {
  return trx.selectFrom('cases').select(['id', 'status']).where('id', '=', caseId).where(isOpenCase).forUpdate().executeTakeFirst();
}

/** The case columns the workflow decides on. */
const lockedColumns = [
  'id',
  'status',
  'categoryCode',
  'departmentCode',
  'streetCode',
  'gridCode',
  'lat',
  'lng',
  'h3Cell',
  'version',
  'verificationRequested',
  'pendingExtensionId',
  'hungFromStatus',
  'returnCount',
  'reworkCount',
  'reporterCount',
] as const;

export type LockedCase = Awaited<ReturnType<typeof lockCase>> & object;

/** The case row, locked until the transaction ends: actions on one case apply one at a time. */
export async function lockCase(trx: Executor, caseId: number) {
  return trx.selectFrom('cases').select(lockedColumns).where('id', '=', caseId).forUpdate().executeTakeFirst();
}

/**
 * Moves reports to another case as supporting (non-primary) reports. The primary of the case
 * they came from is re-chosen by `electPrimaryReport` afterwards.
 */
export async function moveReports(trx: Executor, reportIds: number[], toCaseId: number): Promise<void> {
  await trx.updateTable('reports').set({ caseId: toCaseId, isPrimary: false }).where('id', 'in', reportIds).execute();
}

/**
 * Makes the earliest report of a case its primary one when it has none (the first reporter is
 * credited). A follow (关注) reported nothing, so it never becomes primary.
 */
export async function electPrimaryReport(trx: Executor, caseId: number): Promise<void> {
  await sql`
    update reports set is_primary = true
    where id = (select min(id) from reports where case_id = ${caseId} and kind = 'report')
      and not exists (select 1 from reports where case_id = ${caseId} and is_primary)
  `.execute(trx);
}

/** Rebuilds a case's reporter list and count from its reports (after a merge or split). */
export async function recountReporters(trx: Executor, caseIds: number[]): Promise<void> {
  await trx.deleteFrom('caseReporters').where('caseId', 'in', caseIds).execute();
  await sql`
    insert into case_reporters (case_id, citizen_id, first_report_id)
    select case_id, citizen_id, min(id) from reports where case_id in (${sql.join(caseIds)}) group by case_id, citizen_id
  `.execute(trx);
  await sql`
    update cases set reporter_count = (select count(*) from case_reporters where case_id = cases.id)
    where id in (${sql.join(caseIds)})
  `.execute(trx);
}

/** Report ids of a case, oldest first. */
export async function listCaseReportIds(db: Executor, caseId: number): Promise<number[]> {
  const rows = await db.selectFrom('reports').select('id').where('caseId', '=', caseId).orderBy('id').execute();
  return rows.map((row) => row.id);
}

/** Where and when the given reports were made, oldest first: a split-off case is founded from them. */
export async function findReportsForSplit(db: Executor, reportIds: number[]) {
  return db
    .selectFrom('reports')
    .innerJoin('grids', 'grids.code', 'reports.gridCode')
    .select(['reports.id', 'reports.categoryCode', 'reports.lat', 'reports.lng', 'reports.gridCode', 'grids.streetCode', 'reports.createdAt'])
    .where('reports.id', 'in', reportIds)
    .orderBy('reports.id')
    .execute();
}

export interface CaseFilter {
  statuses?: CaseStatus[];
  streetCode?: string;
  departmentCode?: string;
  categoryCode?: string;
  light?: Light;
  /** Set for a department handler: only its own unit's cases. */
  onlyDepartmentCode?: string;
  flag?: CaseFlag;
}

const caseListColumns = [
  'cases.id',
  'cases.status',
  'cases.categoryCode',
  'categories.name as categoryName',
  'categories.kind as categoryKind',
  'cases.gridCode',
  'cases.streetCode',
  'areas.name as streetName',
  'cases.departmentCode',
  'cases.light',
  'cases.dueAt',
  'cases.reporterCount',
  'cases.openedAt',
  'cases.lastReportedAt',
  'cases.closedAt',
  'cases.version',
  'cases.lat',
  'cases.lng',
] as const;

function selectCases(db: Executor) {
  return db
    .selectFrom('cases')
    .innerJoin('categories', 'categories.code', 'cases.categoryCode')
    .leftJoin('areas', 'areas.code', 'cases.streetCode')
    .select(caseListColumns);
}

export type CaseListRow = Awaited<ReturnType<typeof listCases>>['rows'][number];

/**
 * One page of cases: the most urgent first (earliest deadline, then oldest), which is how a desk
 * works its queue. Returns the page and the total.
 */
export async function listCases(db: Executor, filter: CaseFilter, page: PageRequest) {
  let query = selectCases(db);
  if (filter.statuses?.length) query = query.where('cases.status', 'in', filter.statuses);
  if (filter.streetCode) query = query.where('cases.streetCode', '=', filter.streetCode);
  if (filter.departmentCode) query = query.where('cases.departmentCode', '=', filter.departmentCode);
  if (filter.onlyDepartmentCode) query = query.where('cases.departmentCode', '=', filter.onlyDepartmentCode);
  if (filter.categoryCode) query = query.where('cases.categoryCode', '=', filter.categoryCode);
  if (filter.light) query = query.where('cases.light', '=', filter.light);
  if (filter.flag === 'returned') query = query.where('cases.returnCount', '>', 0);
  if (filter.flag === 'extension_pending') query = query.where('cases.pendingExtensionId', 'is not', null);
  if (filter.flag === 'verification_requested') query = query.where('cases.verificationRequested', '=', true);
  const [{ total }] = await query.clearSelect().select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await query
    .orderBy(sql`cases.due_at asc nulls last`)
    .orderBy('cases.openedAt')
    .orderBy('cases.id')
    .limit(page.pageSize)
    .offset(pageOffset(page))
    .execute();
  return { rows, total: Number(total) };
}

/** The list rows of the given cases, in the order of `ids` (missing ones left out). */
export async function findCaseSummaries(db: Executor, ids: number[]): Promise<CaseListRow[]> {
  if (ids.length === 0) return [];
  const rows = await selectCases(db).where('cases.id', 'in', ids).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function findCase(db: Executor, caseId: number) {
  return selectCases(db)
    .select(['cases.verificationRequested', 'cases.pendingExtensionId', 'cases.hungFromStatus', 'cases.mergedIntoCaseId', 'cases.returnCount', 'cases.reworkCount'])
    .select((eb) => eb.cast<string | null>('cases.hungReviewOn', 'text').as('hungReviewOn'))
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
}

/** The reports of a case with their (masked on presentation) reporters, oldest first. */
export async function listCaseReports(db: Executor, caseId: number) {
  return db
    .selectFrom('reports')
    .innerJoin('citizens', 'citizens.id', 'reports.citizenId')
    .select([
      'reports.id',
      'reports.citizenId',
      'citizens.openid',
      'citizens.nickname',
      'citizens.phoneMasked',
      'reports.source',
      'reports.isPrimary',
      'reports.categoryCode',
      'reports.lat',
      'reports.lng',
      'reports.gridCode',
      'reports.description',
      'reports.address',
      'reports.createdAt',
    ])
    .where('reports.caseId', '=', caseId)
    .orderBy('reports.id')
    .execute();
}

/** The full timeline of a case with the acting staff member's name, oldest first. */
export async function listCaseTimeline(db: Executor, caseId: number) {
  return db
    .selectFrom('caseTimeline')
    .leftJoin('staff', 'staff.id', 'caseTimeline.staffId')
    .select([
      'caseTimeline.id',
      'caseTimeline.action',
      'caseTimeline.fromStatus',
      'caseTimeline.toStatus',
      'caseTimeline.actorKind',
      'caseTimeline.staffId',
      'staff.name as staffName',
      'caseTimeline.role',
      'caseTimeline.at',
      'caseTimeline.reason',
      'caseTimeline.details',
      'caseTimeline.photoIds',
    ])
    .where('caseTimeline.caseId', '=', caseId)
    .orderBy('caseTimeline.id')
    .execute();
}

/** A WGS-84 rectangle, in degrees. */
export interface PointBox {
  south: number;
  west: number;
  north: number;
  east: number;
}

export interface NearbyFilter {
  box: PointBox;
  /** Candidates are taken nearest to this point first (planar degrees: an order, not a distance). */
  centre: { lat: number; lng: number };
  excludeCaseId: number;
  onlyDepartmentCode?: string;
  limit: number;
}

/**
 * Unfinished cases of any category inside the box, through the GiST index `cases_open_by_point`
 * on point(lng, lat): its box search bounds the scan, its distance order bounds the rows read.
 */
export async function findOpenCasesInBox(db: Executor, filter: NearbyFilter) {
  const { box, centre } = filter;
  let query = db
    .selectFrom('cases')
    .innerJoin('categories', 'categories.code', 'cases.categoryCode')
    .select([
      'cases.id',
      'cases.status',
      'cases.categoryCode',
      'categories.name as categoryName',
      'cases.light',
      'cases.lat',
      'cases.lng',
      'cases.reporterCount',
      'cases.openedAt',
    ])
    .where(sql<boolean>`point(cases.lng, cases.lat) <@ box(point(${box.west}, ${box.south}), point(${box.east}, ${box.north}))`)
    .where(isOpenCase)
    .where('cases.id', '<>', filter.excludeCaseId);
  if (filter.onlyDepartmentCode) query = query.where('cases.departmentCode', '=', filter.onlyDepartmentCode);
  return query
    .orderBy(sql`point(cases.lng, cases.lat) <-> point(${centre.lng}, ${centre.lat})`)
    .limit(filter.limit)
    .execute();
}

/**
 * What a citizen may learn of these open cases (in the order of `ids`): category, status, when,
 * how many support it, the primary report's first photo, and whether this citizen already
 * reported or followed it. Nothing names or describes another reporter.
 */
export async function findOpenCaseCards(db: Executor, ids: number[], citizenId: number) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('cases')
    .innerJoin('categories', 'categories.code', 'cases.categoryCode')
    .select(['cases.id', 'cases.status', 'cases.categoryCode', 'categories.name as categoryName', 'cases.openedAt', 'cases.reporterCount'])
    .select((eb) => [
      eb
        .selectFrom('photos')
        .innerJoin('reports', 'reports.id', 'photos.reportId')
        .select('photos.id')
        .whereRef('reports.caseId', '=', 'cases.id')
        .where('reports.isPrimary', '=', true)
        .orderBy('photos.createdAt')
        .orderBy('photos.id')
        .limit(1)
        .as('primaryPhotoId'),
      eb.exists(myReportsOn(eb, citizenId, 'follow')).as('followedByMe'),
      eb.exists(myReportsOn(eb, citizenId, 'report')).as('reportedByMe'),
    ])
    .where('cases.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

function myReportsOn(eb: ExpressionBuilder<Database, 'cases'>, citizenId: number, kind: ReportKind) {
  return eb
    .selectFrom('reports')
    .select('reports.id')
    .whereRef('reports.caseId', '=', 'cases.id')
    .where('reports.citizenId', '=', citizenId)
    .where('reports.kind', '=', kind);
}
