import type { Db } from '../db/database.js';
import { StatementBatcher } from '../db/statement-batcher.js';
import { intakeReports, type IntakeOutcome, type IntakeStatement } from './queries.js';

/** The process's reports on their way to `intake_reports`, a batch per round trip. */
export type IntakeBatches = StatementBatcher<IntakeStatement, IntakeOutcome>;

const LIMITS = {
  // Each report is a subtransaction; past 64 in one transaction PostgreSQL's per-backend cache of
  // them overflows and every other session's snapshot checks slow down.
  maxItems: 32,
  maxInFlight: 4,
};

export function createIntakeBatches(db: Db): IntakeBatches {
  return new StatementBatcher((reports) => intakeRetryingDeadlocks(db, reports), LIMITS);
}

/**
 * A deadlock with a concurrent transaction (a report waiting on a case or photo row another
 * transaction holds while it waits on one of ours) refuses a report or fails the whole batch;
 * each report it refused goes again on its own, once.
 */
async function intakeRetryingDeadlocks(db: Db, reports: IntakeStatement[]): Promise<Array<IntakeOutcome | Error>> {
  const outcomes = await intakeReports(db, reports).catch((error: unknown) => {
    if (!isDeadlock(error) || reports.length === 1) throw error;
    return reports.map(() => error as Error);
  });
  return Promise.all(
    outcomes.map((outcome, index) =>
      isDeadlock(outcome) ? intakeReports(db, [reports[index]]).then(([alone]) => alone, (error: Error) => error) : outcome,
    ),
  );
}

function isDeadlock(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '40P01';
}
