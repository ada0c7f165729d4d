import type { Executor } from '../db/database.js';
import type { ReportTable } from '../db/schema.js';
import type { Insertable } from 'kysely';

/** A report's own columns: what a query reads and what an insert returns. */
const reportRowColumns = [
  'reports.id',
  'reports.caseId',
  'reports.citizenId',
  'reports.isPrimary',
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

/** Inserts a report and returns it as read back, so the answer needs no second query. */
export async function insertReport(trx: Executor, report: Insertable<ReportTable>) {
  return trx.insertInto('reports').values(report).returning(reportRowColumns).executeTakeFirstOrThrow();
}

export type InsertedReport = Awaited<ReturnType<typeof insertReport>>;

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
