/**
 * Pays a batch's WeChat transfer lines, bill by bill. The order of each step is what makes a
 * crash anywhere harmless:
 *   1. claim: in one transaction, record the bill as CREATING with its out_bill_no (derived from
 *      line, part and attempt) — unless the part has a live bill, which the unique index forbids;
 *   2. call WeChat Pay (a bill left CREATING by a crash is first queried by that out_bill_no, and
 *      created with the same number only when WeChat Pay has none, so it is never made twice);
 *   3. record the answer.
 * A new attempt (new out_bill_no) is made only for a part whose last bill is proven FAIL or
 * CANCELLED, by a verified answer, query or callback.
 */
import type { Logger } from '../config/logger.js';
import type { WeChatPayConfig } from '../config/config.js';
import type { Db } from '../db/database.js';
import type { Clock } from '../config/clock.js';
import { applyBillState, isFinal, MAX_ATTEMPTS } from './bill-state.js';
import { finishBatchIfDone } from './queries.js';
import { WeChatPayError, type BillAnswer, type TransferBillsClient } from './wechat-pay/client.js';

export interface PaymentDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  client: TransferBillsClient;
  config: Pick<WeChatPayConfig, 'singleLimitFen'>;
}

const LANES = 4;

/** `SZ<line>P<part>A<attempt>`: letters and digits, at most 32, unique per bill. */
export function outBillNo(lineId: number, part: number, attempt: number): string {
  return `SZ${lineId}P${part}A${attempt}`;
}

/** The amounts a line is paid in: whole single-transfer limits, then the rest. */
export function splitAmount(amountFen: number, limitFen: number): number[] {
  const parts = Array(Math.floor(amountFen / limitFen)).fill(limitFen);
  if (amountFen % limitFen > 0) parts.push(amountFen % limitFen);
  return parts;
}

interface Claimed {
  outBillNo: string;
  openid: string;
  amountFen: number;
  /** True when this run wrote the CREATING row: no call can have been made for it yet. */
  fresh: boolean;
}

/**
 * Runs the batch's WeChat lines once. Stops at the first answer whose outcome is unknown
 * (timeout, 5xx, SYSTEM_ERROR, FREQUENCY_LIMITED, bad signature) by throwing, so the job is
 * retried later with back-off; bills in flight are the reconciliation's to follow.
 */
export async function payWechatLines(deps: PaymentDeps, batchId: number): Promise<{ calls: number }> {
  const batch = await deps.db.selectFrom('settlementBatches').select('status').where('id', '=', batchId).executeTakeFirst();
  // Only `POST /run` (after both approvals) makes a batch paying; a stray job pays nothing.
  if (batch?.status !== 'paying') return { calls: 0 };
  const lines = await deps.db
    .selectFrom('payoutLines')
    .select(['id', 'amountFen', 'openid'])
    .where('batchId', '=', batchId)
    .where('channel', '=', 'wechat_transfer')
    .where('status', 'in', ['pending', 'paying'])
    .orderBy('id')
    .execute();
  let calls = 0;
  let next = 0;
  // A few lines at once keep the pacer's slots filled while others wait on the database; the
  // parts of one line go one after the other. One failure stops every lane after its line.
  let failure: unknown;
  const lane = async () => {
    while (failure === undefined && next < lines.length) {
      const line = lines[next++];
      const parts = splitAmount(line.amountFen, deps.config.singleLimitFen);
      try {
        for (const [index, amountFen] of parts.entries()) {
          const claimed = await claimBill(deps, { lineId: line.id, part: index + 1, amountFen, openid: line.openid! });
          // Not `calls += await …`: that would read `calls` before another lane's update.
          const made = claimed ? await sendBill(deps, claimed) : 0;
          calls += made;
        }
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  if (failure !== undefined) throw failure;
  await finishBatchIfDone(deps.db, batchId);
  return { calls };
}

/** Step 1: the bill to send for this part, or none when it is paid, in flight or out of attempts. */
async function claimBill(deps: PaymentDeps, part: { lineId: number; part: number; amountFen: number; openid: string }): Promise<Claimed | undefined> {
  return deps.db.transaction().execute(async (trx) => {
    const line = await trx.selectFrom('payoutLines').select('status').where('id', '=', part.lineId).forUpdate().executeTakeFirstOrThrow();
    if (line.status !== 'pending' && line.status !== 'paying') return undefined;
    const last = await trx
      .selectFrom('transferBills')
      .select(['outBillNo', 'state', 'attempt', 'openid', 'amountFen'])
      .where('lineId', '=', part.lineId)
      .where('part', '=', part.part)
      .orderBy('attempt', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last?.state === 'CREATING') return { outBillNo: last.outBillNo, openid: last.openid, amountFen: last.amountFen, fresh: false };
    if (last && (!isFinal(last.state) || last.state === 'SUCCESS' || last.attempt >= MAX_ATTEMPTS)) return undefined;
    const attempt = (last?.attempt ?? 0) + 1;
    const now = deps.clock.now();
    const bill = { lineId: part.lineId, part: part.part, attempt, outBillNo: outBillNo(part.lineId, part.part, attempt), amountFen: part.amountFen, openid: part.openid };
    await trx.insertInto('transferBills').values({ ...bill, state: 'CREATING', createdAt: now, updatedAt: now }).execute();
    await trx.updateTable('payoutLines').set({ status: 'paying' }).where('id', '=', part.lineId).execute();
    return { outBillNo: bill.outBillNo, openid: bill.openid, amountFen: bill.amountFen, fresh: true };
  });
}

/** Steps 2 and 3. Returns the number of calls made. */
async function sendBill(deps: PaymentDeps, bill: Claimed): Promise<number> {
  let answer: BillAnswer | null = null;
  let calls = 0;
  try {
    if (!bill.fresh) {
      calls += 1;
      answer = await deps.client.queryBill(bill.outBillNo);
    }
    if (!answer) {
      calls += 1;
      answer = await deps.client.createBill(bill);
    }
  } catch (error) {
    if (!(error instanceof WeChatPayError) || error.kind !== 'rejected') throw error;
    // A signed refusal (bad openid, amount out of range …): nothing was created, so the bill is
    // closed as FAIL with WeChat Pay's reason, and the next attempt (if any) is a new bill.
    deps.logger.warn({ outBillNo: bill.outBillNo, code: error.code }, 'WeChat Pay refused a transfer bill');
    answer = { outBillNo: bill.outBillNo, transferBillNo: null, state: 'FAIL', packageInfo: null, failReason: `REFUSED_${error.code ?? 'UNKNOWN'}`, amountFen: null };
  }
  const settled = answer;
  await deps.db.transaction().execute((trx) => applyBillState(trx, settled, deps.clock.now()));
  return calls;
}
