/**
 * Applying what WeChat Pay says about a bill (an answer, a query, a callback) to our records.
 * Answers arrive late, twice and out of order: a final state is never changed, and a state
 * earlier in the bill's life than the one recorded is ignored.
 */
import type { Trx } from '../db/database.js';
import type { BillState } from '../db/schema.js';
import type { BillAnswer } from './wechat-pay/client.js';

/** How far along its life a state is; final states are all last. */
const PROGRESS: Record<BillState, number> = {
  CREATING: 0,
  ACCEPTED: 1,
  PROCESSING: 2,
  WAIT_USER_CONFIRM: 3,
  TRANSFERING: 4,
  CANCELING: 4,
  SUCCESS: 9,
  FAIL: 9,
  CANCELLED: 9,
};

export const FINAL_STATES: BillState[] = ['SUCCESS', 'FAIL', 'CANCELLED'];

/** WeChat Pay cancels a bill only before the citizen has confirmed it. */
export const CANCELLABLE_STATES: BillState[] = ['ACCEPTED', 'PROCESSING', 'WAIT_USER_CONFIRM'];

/** A part is re-issued at most this often before its line is left to finance as failed. */
export const MAX_ATTEMPTS = 3;

export function isFinal(state: BillState): boolean {
  return FINAL_STATES.includes(state);
}

/**
 * Records the bill's new state when it moves the bill forward, then settles its line: paid when
 * every part has succeeded, failed when a part failed its last allowed attempt. Returns the
 * batch touched, or undefined when nothing changed (a duplicate or stale report).
 */
export async function applyBillState(trx: Trx, answer: BillAnswer, now: Date): Promise<{ batchId: number } | undefined> {
  const bill = await trx
    .selectFrom('transferBills')
    .select(['id', 'lineId', 'state', 'attempt', 'packageInfo', 'amountFen'])
    .where('outBillNo', '=', answer.outBillNo)
    .forUpdate()
    .executeTakeFirst();
  if (!bill || isFinal(bill.state) || PROGRESS[answer.state] < PROGRESS[bill.state]) return undefined;
  if (answer.amountFen !== null && answer.amountFen !== bill.amountFen) {
    // Never recorded silently: the callback fails (WeChat Pay retries) and the job logs it for finance.
    throw new Error(`bill ${answer.outBillNo}: WeChat Pay reports ${answer.amountFen} 分, we issued ${bill.amountFen} 分`);
  }
  if (answer.state === bill.state && answer.packageInfo === null) return undefined;
  await trx
    .updateTable('transferBills')
    .set({
      state: answer.state,
      transferBillNo: answer.transferBillNo,
      packageInfo: answer.packageInfo ?? bill.packageInfo,
      failReason: answer.failReason,
      updatedAt: now,
    })
    .where('id', '=', bill.id)
    .execute();
  return settleLine(trx, bill.lineId, answer, bill.attempt, now);
}

async function settleLine(trx: Trx, lineId: number, answer: BillAnswer, attempt: number, now: Date) {
  const line = await trx.selectFrom('payoutLines').select(['batchId', 'amountFen']).where('id', '=', lineId).forUpdate().executeTakeFirstOrThrow();
  if (answer.state === 'SUCCESS') {
    const paid = await trx
      .selectFrom('transferBills')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amountFen'), eb.lit(0)).as('fen'))
      .where('lineId', '=', lineId)
      .where('state', '=', 'SUCCESS')
      .executeTakeFirstOrThrow();
    if (Number(paid.fen) === line.amountFen) await trx.updateTable('payoutLines').set({ status: 'paid', paidAt: now }).where('id', '=', lineId).execute();
  } else if (isFinal(answer.state) && attempt >= MAX_ATTEMPTS) {
    await trx.updateTable('payoutLines').set({ status: 'failed', failure: `${answer.state}: ${answer.failReason ?? ''}`.trim() }).where('id', '=', lineId).execute();
  }
  return { batchId: line.batchId };
}
