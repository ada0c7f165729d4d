import type { Executor } from '../db/database.js';
import type { ReportTable } from '../db/schema.js';
import type { Insertable } from 'kysely';

const reportColumns = [
  'reports.id',
  'reports.caseId',
  'reports.citizenId',
  'reports.isPrimary',
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
  'cases.status as caseStatus',
] as const;

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

/** A citizen's reports, newest first, `before` an id for the next page. */
export async function listReportsOfCitizen(db: Executor, citizenId: number, page: { limit: number; before?: number }) {
  let query = selectReports(db).where('reports.citizenId', '=', citizenId);
  if (page.before) query = query.where('reports.id', '<', page.before);
  return query.orderBy('reports.id', 'desc').limit(page.limit).execute();
}

export async function insertReport(trx: Executor, report: Insertable<ReportTable>): Promise<{ id: number }> {
  return trx.insertInto('reports').values(report).returning('id').executeTakeFirstOrThrow();
}
