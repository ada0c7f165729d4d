/**
 * Reconciliation: follows every bill not yet final by querying WeChat Pay, and checks that the
 * ledger, the lines and the bills agree to the 分.
 */
import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { applyBillState } from './bill-state.js';
import { finishBatchIfDone } from './queries.js';
import { WeChatPayError } from './wechat-pay/client.js';
import type { PaymentDeps } from './pay-wechat-lines.js';

/**
 * Queries each non-final bill and records what WeChat Pay says. A CREATING bill WeChat Pay has
 * never seen stays CREATING: the next payment run sends it under the same out_bill_no.
 */
export async function followOpenBills(deps: Omit<PaymentDeps, 'config'>): Promise<{ queried: number; changed: number; unknown: number }> {
  const bills = await deps.db
    .selectFrom('transferBills')
    .select('outBillNo')
    .where('state', 'not in', ['SUCCESS', 'FAIL', 'CANCELLED'])
    .orderBy('id')
    .execute();
  const counts = { queried: 0, changed: 0, unknown: 0 };
  for (const { outBillNo } of bills) {
    counts.queried += 1;
    try {
      const answer = await deps.client.queryBill(outBillNo);
      if (!answer) continue;
      const touched = await deps.db.transaction().execute((trx) => applyBillState(trx, answer, deps.clock.now()));
      if (touched) {
        counts.changed += 1;
        await finishBatchIfDone(deps.db, touched.batchId);
      }
    } catch (error) {
      if (!(error instanceof WeChatPayError)) throw error;
      counts.unknown += 1;
      if (error.kind === 'rate_limited') break;
    }
  }
  return counts;
}

export interface Reconciliation {
  /** Ledger settlement entries net of returns, against the lines that were not excluded (分). */
  ledgerFen: number;
  linesFen: number;
  /** Paid lines, against what their successful bills and vouchers add up to (分). */
  paidLinesFen: number;
  paidByBillsFen: number;
  paidByVouchersFen: number;
  /** Lines paid by WeChat whose successful bills do not add up to the line; parts paid twice. */
  mismatchedLines: number[];
  doublePaidParts: Array<{ lineId: number; part: number }>;
  differenceFen: number;
}

/** Compares the ledger, the lines and the bills of a batch. `differenceFen` is 0 when all agree. */
export async function reconcileBatch(db: Executor, batchId: number): Promise<Reconciliation> {
  const totals = await sql<{ ledgerFen: number; linesFen: number; paidLinesFen: number; paidByBillsFen: number; paidByVouchersFen: number }>`
    select
      (select coalesce(-sum(l.amount_fen), 0) from reward_ledger l join payout_lines p on p.id = l.payout_line_id where p.batch_id = ${batchId})::bigint as ledger_fen,
      (select coalesce(sum(amount_fen), 0) from payout_lines where batch_id = ${batchId} and status <> 'excluded')::bigint as lines_fen,
      (select coalesce(sum(amount_fen), 0) from payout_lines where batch_id = ${batchId} and status = 'paid')::bigint as paid_lines_fen,
      (select coalesce(sum(b.amount_fen), 0) from transfer_bills b join payout_lines p on p.id = b.line_id
        where p.batch_id = ${batchId} and p.status = 'paid' and b.state = 'SUCCESS')::bigint as paid_by_bills_fen,
      (select coalesce(sum(amount_fen), 0) from payout_lines where batch_id = ${batchId} and status = 'paid' and channel <> 'wechat_transfer')::bigint as paid_by_vouchers_fen
  `.execute(db);
  const mismatched = await sql<{ id: number }>`
    select p.id from payout_lines p left join transfer_bills b on b.line_id = p.id and b.state = 'SUCCESS'
    where p.batch_id = ${batchId} and p.channel = 'wechat_transfer'
    group by p.id, p.amount_fen, p.status
    having (p.status = 'paid') <> (coalesce(sum(b.amount_fen), 0) = p.amount_fen)
  `.execute(db);
  const doubled = await sql<{ lineId: number; part: number }>`
    select b.line_id, b.part from transfer_bills b join payout_lines p on p.id = b.line_id
    where p.batch_id = ${batchId} and b.state = 'SUCCESS' group by b.line_id, b.part having count(*) > 1
  `.execute(db);
  const figures = totals.rows[0];
  const differenceFen =
    Math.abs(figures.ledgerFen - figures.linesFen) + Math.abs(figures.paidLinesFen - figures.paidByBillsFen - figures.paidByVouchersFen);
  return { ...figures, mismatchedLines: mismatched.rows.map((row) => row.id), doublePaidParts: doubled.rows, differenceFen };
}
