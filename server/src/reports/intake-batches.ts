import type { Db } from '../db/database.js';
import { retryingDeadlocksAlone, StatementBatcher } from '../db/statement-batcher.js';
import { intakeReports, type IntakeOutcome, type IntakeStatement } from './queries.js';

/** The process's reports on their way to `intake_reports`, a batch per round trip. */
export type IntakeBatches = StatementBatcher<IntakeStatement, IntakeOutcome>;

const LIMITS = {
  // Each report is a subtransaction; past 64 in one transaction PostgreSQL's per-backend cache of
  // them overflows and every other session's snapshot checks slow down.
  maxItems: 32,
  maxInFlight: 4,
};

/**
 * A report can still deadlock with a concurrent transaction (waiting on a case or photo row that
 * transaction holds while it waits on one of ours): it goes again on its own.
 */
export function createIntakeBatches(db: Db): IntakeBatches {
  return new StatementBatcher(retryingDeadlocksAlone<IntakeStatement, IntakeOutcome>((reports) => intakeReports(db, reports)), LIMITS);
}
