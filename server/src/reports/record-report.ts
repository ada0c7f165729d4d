import type { Insertable } from 'kysely';
import type { Clock } from '../config/clock.js';
import type { Trx } from '../db/database.js';
import type { ReportTable } from '../db/schema.js';
import { recordEvent } from '../queue/outbox.js';
import { addCaseReporter, incrementReporterCount } from '../cases/queries.js';
import { insertReport } from './queries.js';

/**
 * The writes every report (and 关注) makes on its case, inside the caller's transaction, after
 * dedup's locks: the row, the citizen counted once per case (a case's founder is counted by
 * the case itself), and `report.received`.
 */
export async function recordReportOnCase(trx: Trx, clock: Clock, report: Insertable<ReportTable>): Promise<number> {
  const { id } = await insertReport(trx, report);
  const isNewReporter = await addCaseReporter(trx, report.caseId, report.citizenId, id);
  if (isNewReporter && !report.isPrimary) await incrementReporterCount(trx, report.caseId);
  await recordEvent(trx, clock, 'report.received', {
    reportId: id,
    caseId: report.caseId,
    citizenId: report.citizenId,
    isPrimary: report.isPrimary,
    kind: report.kind ?? 'report',
    categoryCode: report.categoryCode,
    gridCode: report.gridCode,
    source: report.source,
  });
  return id;
}
