/** Every query on `case_public_progress`, the reporters' view of their cases. */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor, Trx } from '../db/database.js';
import type { CasePublicProgressTable } from '../db/schema.js';

export type PublicProgressRow = Selectable<CasePublicProgressTable>;

/**
 * Serializes the progress writes of one case, so checks such as "first dispatch only" hold when
 * several of its events are processed at once.
 */
export async function lockCaseProgress(trx: Trx, caseId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`case-public-progress:${caseId}`}, 0))`.execute(trx);
}

/** Writes one step; the event id is the key, so a redelivered event writes nothing twice. */
export async function insertProgress(trx: Executor, row: Insertable<CasePublicProgressTable>): Promise<void> {
  await trx
    .insertInto('casePublicProgress')
    .values(row)
    .onConflict((conflict) => conflict.column('eventId').doNothing())
    .execute();
}

/** Whether the case already shows this stage. */
export async function hasStage(trx: Executor, caseId: number, stage: string): Promise<boolean> {
  const row = await trx
    .selectFrom('casePublicProgress')
    .select('eventId')
    .where('caseId', '=', caseId)
    .where('stage', '=', stage)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The photo ids of the case's latest row of `stage` recorded from an event before `eventId`. */
export async function latestStagePhotoIds(trx: Executor, caseId: number, stage: string, eventId: number): Promise<string[] | undefined> {
  const row = await trx
    .selectFrom('casePublicProgress')
    .select('photoIds')
    .where('caseId', '=', caseId)
    .where('stage', '=', stage)
    .where('eventId', '<', eventId)
    .orderBy('eventId', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.photoIds;
}

/** The steps of these cases, in the order they happened. */
export async function listPublicProgress(db: Executor, caseIds: readonly number[]): Promise<PublicProgressRow[]> {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('casePublicProgress')
    .select(['eventId', 'caseId', 'stage', 'at', 'reason', 'photoIds'])
    .where('caseId', 'in', caseIds)
    .orderBy('caseId')
    .orderBy('at')
    .orderBy('eventId')
    .execute();
}
