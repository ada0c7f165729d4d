import { sql, type Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { ReportTable } from '../db/schema.js';
import type { PublicProgressRow } from '../feedback/queries.js';
import type { Photo } from '../photos/queries.js';
import type { StageClockPlan } from '../workflow/clocks.js';

/** A report's own columns: what a query reads and what an insert returns. */
const reportRowColumns = [
  'reports.id',
  'reports.caseId',
  'reports.citizenId',
  'reports.isPrimary',
  'reports.idempotencyKey',
  'reports.kind',
  'reports.source',
  'reports.categoryCode',
  'reports.lat',
  'reports.lng',
  'reports.coordSystem',
  'reports.gridCode',
  'reports.description',
  'reports.address',
  'reports.requestHash',
  'reports.createdAt',
] as const;

const reportColumns = [...reportRowColumns, 'cases.status as caseStatus'] as const;

function selectReports(db: Executor) {
  return db.selectFrom('reports').innerJoin('cases', 'cases.id', 'reports.caseId').select(reportColumns);
}

export type ReportRow = Awaited<ReturnType<typeof findReportById>> & object;

export async function findReportById(db: Executor, id: number) {
  return selectReports(db).where('reports.id', '=', id).executeTakeFirst();
}

export async function findReportByKey(db: Executor, citizenId: number, idempotencyKey: string) {
  return selectReports(db)
    .where('reports.citizenId', '=', citizenId)
    .where('reports.idempotencyKey', '=', idempotencyKey)
    .executeTakeFirst();
}

/** The citizen's first report (or 关注) on the case, if any. */
export async function findCitizenReportOnCase(db: Executor, citizenId: number, caseId: number) {
  return selectReports(db)
    .where('reports.citizenId', '=', citizenId)
    .where('reports.caseId', '=', caseId)
    .orderBy('reports.id')
    .limit(1)
    .executeTakeFirst();
}

/** A citizen's reports, newest first, `before` an id for the next page. */
export async function listReportsOfCitizen(db: Executor, citizenId: number, page: { limit: number; before?: number }) {
  let query = selectReports(db).where('reports.citizenId', '=', citizenId);
  if (page.before) query = query.where('reports.id', '<', page.before);
  return query.orderBy('reports.id', 'desc').limit(page.limit).execute();
}

/** A report's own columns, selected from a row of `reports` named `reports` in SQL. */
const reportRowSql = sql.join(reportRowColumns.map((column) => sql.ref(column)));

export type InsertedReport = Pick<Selectable<ReportTable>, (typeof reportRowColumns)[number] extends `reports.${infer C}` ? C : never>;

/**
 * The writes every report and 关注 make on its case, in one statement (`record_report_on_case`,
 * migration 0014): the row, the case's count of reporters and latest report, and
 * `report.received`. Call it after dedup's locks, and `lockOpenCase` for a case it joins.
 */
export async function recordReportOnCase(trx: Executor, report: NewReport): Promise<InsertedReport> {
  const { rows } = await sql<InsertedReport>`
    select ${reportRowSql} from record_report_on_case(
      p_citizen_id => ${report.citizenId}, p_idempotency_key => ${report.idempotencyKey},
      p_request_hash => ${report.requestHash}, p_source => ${report.source}, p_kind => ${report.kind},
      p_case_id => ${report.caseId}, p_is_primary => ${report.isPrimary},
      p_category_code => ${report.categoryCode}, p_lat => ${report.lat}, p_lng => ${report.lng},
      p_coord_system => ${report.coordSystem}, p_client_lat => ${report.clientLat},
      p_client_lng => ${report.clientLng}, p_grid_code => ${report.gridCode},
      p_description => ${report.description}, p_address => ${report.address},
      p_created_at => ${report.createdAt}) reports
  `.execute(trx);
  return rows[0];
}

/** A report's columns as `record_report_on_case` takes them. */
export type NewReport = Omit<Selectable<ReportTable>, 'id'>;

/** A citizen's report as `intake_reports` takes it: the report, where it is and its new case's plan. */
export interface IntakeStatement extends Omit<NewReport, 'kind' | 'caseId' | 'isPrimary' | 'gridCode'> {
  photoIds: string[];
  /** The dedup search: the cells, their lock keys in lock order, the case's own cell, radius and window. */
  cells: string[];
  cellLocks: string[];
  h3Cell: string;
  radiusM: number;
  reportedSince: Date;
  /** The 受理 clock a new case starts with. */
  clock: Pick<StageClockPlan, 'kind' | 'limitMs' | 'dueAt' | 'assumedYears'>;
}

/** A report's photo as `intake_reports` returns it: what its reporter is shown. */
export type IntakePhoto = Pick<Photo, 'id' | 'reportId' | 'takenAt' | 'exifLat' | 'exifLng'>;

export interface IntakeOutcome {
  replayed: boolean;
  report: ReportRow;
  photos: IntakePhoto[];
  /** The public steps of the report's case (none for a case it founded). */
  timeline: PublicProgressRow[];
}

/**
 * Citizens' reports in one statement and one round trip (`intake_reports`, migrations 0019 and
 * 0020), each in its own subtransaction, as migrations 0014 and 0018 describe it: replays an
 * earlier submission with the same key, finds the unit grid, checks the photos, joins the nearest
 * open case of the category within the radius and window or founds one, records the report,
 * attaches its photos and returns them with its case's public steps. A report it refused is
 * answered with PostgreSQL's error (its code, message and detail) and wrote nothing; the rest
 * commit. A refused rule is code P0001 with the message report.idempotency_key_reused,
 * report.outside_service_area or report.photo_unavailable (the detail lists the photos).
 */
export async function intakeReports(db: Executor, reports: IntakeStatement[]): Promise<Array<IntakeOutcome | IntakeRefusal>> {
  type PhotoJson = Omit<IntakePhoto, 'reportId' | 'takenAt'> & { takenAt: string | null };
  // The steps are to_jsonb rows: Kysely's CamelCasePlugin renames their keys (case_id → caseId) too.
  type StepJson = Omit<PublicProgressRow, 'at'> & { at: string };
  type Row = Omit<ReportRow, 'idempotencyKey'> & {
    ord: number; replayed: boolean; photos: PhotoJson[]; timeline: StepJson[];
    refusedState: string | null; refusedMessage: string | null; refusedDetail: string | null;
  };
  const { rows } = await sql<Row>`select * from intake_reports(${JSON.stringify(reports.map(intakeItem))}::jsonb)`.execute(db);
  return rows.map(({ ord, replayed, photos, timeline, refusedState, refusedMessage, refusedDetail, ...row }) => {
    if (refusedState !== null) return new IntakeRefusal(refusedState, refusedMessage ?? '', refusedDetail);
    return {
      replayed,
      // intake_reports' table leaves out the key: a replay is found by that same key.
      report: { ...row, idempotencyKey: reports[ord - 1].idempotencyKey },
      photos: photos.map((photo) => ({ ...photo, reportId: row.id, takenAt: photo.takenAt === null ? null : new Date(photo.takenAt) })),
      timeline: timeline.map((step) => ({ ...step, at: new Date(step.at) })),
    };
  });
}

/** PostgreSQL's error for one report of a batch, shaped as `pg` throws its errors. */
export class IntakeRefusal extends Error {
  constructor(readonly code: string, message: string, readonly detail: string | null) {
    super(message);
  }
}

/** A report as an `intake_item` (migration 0019): JSON keys are its attributes. */
function intakeItem(report: IntakeStatement) {
  return {
    citizen_id: report.citizenId, idempotency_key: report.idempotencyKey, request_hash: report.requestHash,
    source: report.source, category_code: report.categoryCode, lat: report.lat, lng: report.lng,
    coord_system: report.coordSystem, client_lat: report.clientLat, client_lng: report.clientLng,
    description: report.description, address: report.address, photo_ids: report.photoIds, now: report.createdAt,
    cell_locks: report.cellLocks, cells: report.cells, h3_cell: report.h3Cell, radius_m: report.radiusM,
    since: report.reportedSince, clock_kind: report.clock.kind, limit_ms: report.clock.limitMs,
    due_at: report.clock.dueAt, assumed_years: report.clock.assumedYears,
  };
}

/** Cases past 立案 (closed ones included): what the home page counts as 已立案. */
const REGISTERED_STATUSES = ['registered', 'dispatched', 'handled', 'hung', 'closed'] as const;

/** The citizen's report counts for the home page: submitted, 立案 (ever), 结案. */
export async function countReportsOfCitizen(db: Executor, citizenId: number) {
  const row = await db
    .selectFrom('reports')
    .innerJoin('cases', 'cases.id', 'reports.caseId')
    .select((eb) => [
      eb.fn.countAll<number>().as('submitted'),
      eb.fn.countAll<number>().filterWhere('cases.status', 'in', REGISTERED_STATUSES).as('registered'),
      eb.fn.countAll<number>().filterWhere('cases.status', '=', 'closed').as('closed'),
    ])
    .where('reports.citizenId', '=', citizenId)
    .executeTakeFirstOrThrow();
  return { submitted: Number(row.submitted), registered: Number(row.registered), closed: Number(row.closed) };
}

/** The citizen's reports whose case moved most recently (a report without progress counts from its submission). */
export async function listLatestProgressOfCitizen(db: Executor, citizenId: number, limit: number) {
  return db
    .selectFrom('reports')
    .innerJoin('cases', 'cases.id', 'reports.caseId')
    .select(['reports.id as reportId', 'reports.caseId', 'cases.status'])
    .select((eb) =>
      eb.fn<Date>('greatest', [
        'reports.createdAt',
        eb.selectFrom('casePublicProgress').select((sub) => sub.fn.max('casePublicProgress.at').as('at')).whereRef('casePublicProgress.caseId', '=', 'reports.caseId'),
      ]).as('at'),
    )
    .where('reports.citizenId', '=', citizenId)
    .orderBy('at', 'desc')
    .orderBy('reports.id', 'desc')
    .limit(limit)
    .execute();
}
