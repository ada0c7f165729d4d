import { maskOpenid } from '../users/present.js';
import { CANCELLABLE_STATES, MAX_ATTEMPTS } from './bill-state.js';
import type { BatchRow, BillRow, LineRow, billTotals, lineTotals } from './queries.js';

export function presentBatch(batch: BatchRow) {
  return {
    id: batch.id,
    month: batch.month,
    status: batch.status,
    createdBy: batch.createdBy,
    createdByName: batch.createdByName,
    createdAt: batch.createdAt.toISOString(),
    maker: batch.makerId === null ? null : { staffId: batch.makerId, name: batch.makerName, at: batch.madeAt!.toISOString() },
    checker: batch.checkerId === null ? null : { staffId: batch.checkerId, name: batch.checkerName, at: batch.checkedAt!.toISOString() },
    sentBack: batch.sentBackBy === null ? null : { staffId: batch.sentBackBy, name: batch.sentBackByName, at: batch.sentBackAt!.toISOString(), reason: batch.sentBackReason },
  };
}

/** A line as finance sees it: payee identifiers masked; the carrier export alone has full numbers. */
export function presentLine(line: LineRow) {
  return {
    id: line.id,
    citizenId: line.citizenId,
    amountFen: line.amountFen,
    channel: line.channel,
    status: line.status,
    rewardCount: line.rewardCount,
    openid: maskOpenid(line.openid),
    phone: line.phoneMasked,
    excludedReason: line.excludedReason,
    voucherNo: line.voucherNo,
    failure: line.failure,
    paidAt: line.paidAt?.toISOString() ?? null,
  };
}

/**
 * A transfer bill, with what finance may still do about it: cancel it before the citizen confirms,
 * or have the next payment run re-issue its part (a FAIL or CANCELLED bill, latest of its part,
 * attempts left, line still being paid).
 */
export function presentBill(bill: BillRow) {
  return {
    outBillNo: bill.outBillNo,
    lineId: bill.lineId,
    part: bill.part,
    attempt: bill.attempt,
    amountFen: bill.amountFen,
    state: bill.state,
    transferBillNo: bill.transferBillNo,
    failReason: bill.failReason,
    createdAt: bill.createdAt.toISOString(),
    updatedAt: bill.updatedAt.toISOString(),
    cancellable: CANCELLABLE_STATES.includes(bill.state),
    reissuable: (bill.state === 'FAIL' || bill.state === 'CANCELLED') && !bill.superseded && bill.attempt < MAX_ATTEMPTS && bill.lineStatus === 'paying',
  };
}

type LineTotals = Awaited<ReturnType<typeof lineTotals>>;
type BillTotals = Awaited<ReturnType<typeof billTotals>>;

/**
 * How far a batch's payment has come: lines settled (paid or failed for good) of the lines to pay
 * (all but the excluded), in lines and in 分, and its bills per state.
 */
export function presentProgress(batch: BatchRow, lines: LineTotals, bills: BillTotals) {
  const payable = lines.filter((total) => total.status !== 'excluded');
  const sum = (rows: LineTotals, key: 'lines' | 'amountFen') => rows.reduce((total, row) => total + row[key], 0);
  const of = (status: string) => payable.filter((total) => total.status === status);
  const totalLines = sum(payable, 'lines');
  const settledLines = sum(of('paid'), 'lines') + sum(of('failed'), 'lines');
  return {
    batch: presentBatch(batch),
    lines: {
      total: totalLines,
      pending: sum(of('pending'), 'lines'),
      paying: sum(of('paying'), 'lines'),
      paid: sum(of('paid'), 'lines'),
      failed: sum(of('failed'), 'lines'),
      totalFen: sum(payable, 'amountFen'),
      paidFen: sum(of('paid'), 'amountFen'),
      /** The channels the batch pays through, so the console offers only their actions. */
      channels: [...new Set(payable.map((total) => total.channel))],
    },
    /** Whole percent of payable lines settled; 100 for a batch with nothing to pay. */
    percent: totalLines === 0 ? 100 : Math.floor((settledLines * 100) / totalLines),
    bills,
  };
}
