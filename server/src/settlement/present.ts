import { maskOpenid } from '../users/present.js';
import { maskPhone } from '../rewards/present.js';
import type { BatchRow, LineRow } from './queries.js';

export function presentBatch(batch: BatchRow) {
  return {
    id: batch.id,
    month: batch.month,
    status: batch.status,
    createdBy: batch.createdBy,
    createdAt: batch.createdAt.toISOString(),
    maker: batch.makerId === null ? null : { staffId: batch.makerId, at: batch.madeAt!.toISOString() },
    checker: batch.checkerId === null ? null : { staffId: batch.checkerId, at: batch.checkedAt!.toISOString() },
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
    phone: maskPhone(line.phone),
    excludedReason: line.excludedReason,
    voucherNo: line.voucherNo,
    failure: line.failure,
    paidAt: line.paidAt?.toISOString() ?? null,
  };
}
