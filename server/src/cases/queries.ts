import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { isOpenCase } from '../dedup/queries.js';

export interface NewCase {
  categoryCode: string;
  lat: number;
  lng: number;
  h3Cell: string;
  gridCode: string;
  streetCode: string;
  now: Date;
}

/** A new case founded by its first report: 待受理, one reporter. */
export async function insertCase(trx: Executor, fields: NewCase): Promise<{ id: number }> {
  const { now, ...rest } = fields;
  return trx
    .insertInto('cases')
    .values({ ...rest, status: 'pending_acceptance', openedAt: now, lastReportedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/**
 * Records a further report on a case that is still open, locking its row. Returns undefined
 * when the case was finished meanwhile, so the caller founds a new case instead.
 */
export async function touchOpenCase(trx: Executor, caseId: number, now: Date): Promise<{ id: number } | undefined> {
  return trx
    .updateTable('cases')
    .set({ lastReportedAt: sql`greatest(last_reported_at, ${now})` })
    .where('id', '=', caseId)
    .where(isOpenCase)
    .returning('id')
    .executeTakeFirst();
}

/**
 * Counts a citizen among a case's reporters once, however often they report it. Returns true
 * when the citizen is new to the case.
 */
export async function addCaseReporter(trx: Executor, caseId: number, citizenId: number, reportId: number): Promise<boolean> {
  const inserted = await trx
    .insertInto('caseReporters')
    .values({ caseId, citizenId, firstReportId: reportId })
    .onConflict((conflict) => conflict.columns(['caseId', 'citizenId']).doNothing())
    .returning('caseId')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function incrementReporterCount(trx: Executor, caseId: number): Promise<void> {
  await trx
    .updateTable('cases')
    .set((eb) => ({ reporterCount: eb('reporterCount', '+', 1) }))
    .where('id', '=', caseId)
    .execute();
}
