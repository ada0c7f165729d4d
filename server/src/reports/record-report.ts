import type { Insertable } from 'kysely';
import type { Clock } from '../config/clock.js';
import type { Trx } from '../db/database.js';
import type { ReportTable } from '../db/schema.js';
import { recordEvent } from '../queue/outbox.js';
import { countCaseReport } from '../cases/queries.js';
import { insertReport, type InsertedReport } from './queries.js';

/**
 * The writes every report (and 关注) makes on its case, inside the caller's transaction, after
 * dedup's locks (and `lockOpenCase` for a case it joins): the row, the case's count of reporters
 * and latest report, and `report.received`. Returns the report as inserted.
 */
export async function recordReportOnCase(trx: Trx, clock: Clock, report: Insertable<ReportTable>): Promise<InsertedReport> {
  const inserted = await insertReport(trx, report);
  await countCaseReport(trx, {
    caseId: inserted.caseId,
    citizenId: inserted.citizenId,
    reportId: inserted.id,
    isPrimary: inserted.isPrimary,
    reportedAt: inserted.createdAt,
  });
  await recordEvent(trx, clock, 'report.received', {
    reportId: inserted.id,
    caseId: inserted.caseId,
    citizenId: inserted.citizenId,
    isPrimary: inserted.isPrimary,
    kind: inserted.kind,
    categoryCode: inserted.categoryCode,
    gridCode: inserted.gridCode,
    source: inserted.source,
  });
  return inserted;
}
