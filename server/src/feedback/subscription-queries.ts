/** Subscribe-message credits (one per accepted template) and the messages sent against them. */
import { sql } from 'kysely';
import type { Executor, Trx } from '../db/database.js';
import type { SubscribeMessageStatus } from '../db/schema.js';

/**
 * Records a dialog's answers under the client's key, once: true when this call recorded it, false
 * when the key was recorded before (a concurrent retry waits on the key and then finds it).
 */
export async function insertSubscriptionGrant(trx: Trx, grant: { citizenId: number; idempotencyKey: string; requestHash: string; createdAt: Date }) {
  const inserted = await trx
    .insertInto('subscriptionGrants')
    .values(grant)
    .onConflict((conflict) => conflict.columns(['citizenId', 'idempotencyKey']).doNothing())
    .returning('citizenId')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findSubscriptionGrant(db: Executor, citizenId: number, idempotencyKey: string) {
  return db
    .selectFrom('subscriptionGrants')
    .select(['requestHash'])
    .where('citizenId', '=', citizenId)
    .where('idempotencyKey', '=', idempotencyKey)
    .executeTakeFirstOrThrow();
}

/** Adds one credit per accepted template. */
export async function addSubscribeCredits(trx: Executor, citizenId: number, accepted: string[], now: Date): Promise<void> {
  for (const templateId of accepted) {
    await trx
      .insertInto('subscribeCredits')
      .values({ citizenId, templateId, credits: 1, updatedAt: now })
      .onConflict((conflict) =>
        conflict.columns(['citizenId', 'templateId']).doUpdateSet((eb) => ({ credits: eb('subscribeCredits.credits', '+', 1), updatedAt: now })),
      )
      .execute();
  }
}

/** The citizen's credits of these templates, in their order (0 for a template never accepted). */
export async function listSubscribeCredits(db: Executor, citizenId: number, asked: string[]) {
  const rows = await db.selectFrom('subscribeCredits').select(['templateId', 'credits']).where('citizenId', '=', citizenId).where('templateId', 'in', asked).execute();
  return asked.map((templateId) => ({ templateId, credits: rows.find((row) => row.templateId === templateId)?.credits ?? 0 }));
}

/** The citizens following a case (reporters and followers) who hold a credit for this template. */
export async function listCaseSubscribers(db: Executor, caseId: number, templateId: string) {
  return db
    .selectFrom('reports')
    .innerJoin('subscribeCredits', (join) => join.onRef('subscribeCredits.citizenId', '=', 'reports.citizenId').on('subscribeCredits.templateId', '=', templateId))
    .select('reports.citizenId')
    .distinct()
    .where('reports.caseId', '=', caseId)
    .where('subscribeCredits.credits', '>', 0)
    .orderBy('reports.citizenId')
    .execute();
}

export interface NewSubscribeMessage {
  eventId: number;
  citizenId: number;
  templateId: string;
  caseId: number;
  data: Record<string, { value: string }>;
  createdAt: Date;
}

/**
 * Claims the message for (event, citizen, template) and takes one credit for it, in one
 * transaction: true when this call claimed it. A redelivered event finds the row and claims
 * nothing; a citizen whose credits ran out meanwhile gets no row.
 */
export async function claimSubscribeMessage(trx: Trx, message: NewSubscribeMessage): Promise<boolean> {
  const claimed = await trx
    .insertInto('subscribeMessages')
    .values({ ...message, data: JSON.stringify(message.data), status: 'sending' })
    .onConflict((conflict) => conflict.columns(['eventId', 'citizenId', 'templateId']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!claimed) return false;
  const credit = await trx
    .updateTable('subscribeCredits')
    .set((eb) => ({ credits: eb('credits', '-', 1), updatedAt: message.createdAt }))
    .where('citizenId', '=', message.citizenId)
    .where('templateId', '=', message.templateId)
    .where('credits', '>', 0)
    .returning('credits')
    .executeTakeFirst();
  if (credit) return true;
  await trx.deleteFrom('subscribeMessages').where('id', '=', claimed.id).execute();
  return false;
}

/** Ids of the event's messages not yet sent: claimed just now, or left by a crash before WeChat's answer was recorded. */
export async function listUnsentMessageIds(db: Executor, eventId: number): Promise<number[]> {
  const rows = await db.selectFrom('subscribeMessages').select('id').where('eventId', '=', eventId).where('status', '=', 'sending').orderBy('id').execute();
  return rows.map((row) => row.id);
}

/**
 * The message with its recipient's openid, locked for the sending transaction; undefined when it
 * was sent meanwhile or another worker is sending it right now (so two never send it both).
 */
export async function lockUnsentMessage(trx: Trx, id: number) {
  return trx
    .selectFrom('subscribeMessages')
    .innerJoin('citizens', 'citizens.id', 'subscribeMessages.citizenId')
    .select(['subscribeMessages.id', 'subscribeMessages.citizenId', 'subscribeMessages.templateId', 'citizens.openid'])
    // As text: the CamelCasePlugin would rename the keys inside (character_string1 → characterString1).
    .select(sql<string>`subscribe_messages.data::text`.as('dataJson'))
    .where('subscribeMessages.id', '=', id)
    .where('subscribeMessages.status', '=', 'sending')
    .forUpdate('subscribeMessages')
    .skipLocked()
    .executeTakeFirst();
}

export type UnsentMessage = NonNullable<Awaited<ReturnType<typeof lockUnsentMessage>>>;

/** Records WeChat's answer; a message WeChat did not take (other than a refusal) gives its credit back. */
export async function finishSubscribeMessage(
  trx: Executor,
  message: Pick<UnsentMessage, 'id' | 'citizenId' | 'templateId'>,
  outcome: { status: Exclude<SubscribeMessageStatus, 'sending'>; errcode: number | null; refundCredit: boolean },
  now: Date,
): Promise<void> {
  await trx
    .updateTable('subscribeMessages')
    .set({ status: outcome.status, errcode: outcome.errcode, finishedAt: now })
    .where('id', '=', message.id)
    .execute();
  if (!outcome.refundCredit) return;
  await trx
    .updateTable('subscribeCredits')
    .set({ credits: sql`credits + 1`, updatedAt: now })
    .where('citizenId', '=', message.citizenId)
    .where('templateId', '=', message.templateId)
    .execute();
}

/** The rewards the case's event credited (the reward processor ran before), each to tell its citizen about. */
export async function listRewardsOfEvent(db: Executor, caseId: number, eventId: number) {
  return db
    .selectFrom('rewardLedger')
    .select('citizenId')
    .select((eb) => eb.fn.sum<number>('amountFen').as('amountFen'))
    // By case first: reward_ledger_by_case finds the few rows without reading the ledger.
    .where('caseId', '=', caseId)
    .where('eventId', '=', eventId)
    .where('kind', '=', 'credit')
    .groupBy('citizenId')
    .having((eb) => eb.fn.sum('amountFen'), '>', 0)
    .execute();
}

/** The public step an event made on a case (written by the citizen-progress processor before). */
export async function findProgressOfEvent(db: Executor, eventId: number) {
  return db.selectFrom('casePublicProgress').select(['caseId', 'at', 'reason']).where('eventId', '=', eventId).executeTakeFirst();
}
