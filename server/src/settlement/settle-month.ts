import { recordAudit } from '../audit/record-audit.js';
import type { StaffActor } from '../auth/tokens.js';
import { AppError } from '../errors/app-error.js';
import { monthRange } from '../rewards/rules.js';
import type { Services } from '../services.js';
import { buildLines, findBatchIdByMonth, insertBatch, lockSettlementBuilding } from './queries.js';

interface Props {
  /** `YYYY-MM`, a Beijing month that has ended. */
  month: string;
  /** The finance user who asked; absent when the scheduler runs it on the 1st. */
  actor?: StaffActor;
  ip?: string;
}

/**
 * Turns the month's payable balances into one batch of payout lines, for finance to review.
 * Idempotent: a month has one batch, and asking again returns it (`created: false`).
 */
export async function settleMonth(services: Services, { month, actor, ip }: Props): Promise<{ batchId: number; created: boolean }> {
  const now = services.clock.now();
  const range = monthRange(month);
  if (range.end > now) throw AppError.unprocessable('settlement.month_not_over', `${month} has not ended yet`, [{ field: 'month', message: 'must be a month that has ended' }]);
  const existing = await findBatchIdByMonth(services.db, month);
  if (existing !== undefined) return { batchId: existing, created: false };
  return services.db.transaction().execute(async (trx) => {
    await lockSettlementBuilding(trx);
    const batchId = await insertBatch(trx, month, actor?.staffId ?? null, now);
    if (batchId === undefined) return { batchId: (await findBatchIdByMonth(trx, month))!, created: false };
    const pay = services.config.wechatPay;
    const totals = await buildLines(trx, batchId, {
      monthStart: range.start,
      monthEnd: range.end,
      minPayoutFen: services.config.settlement.minPayoutFen,
      manualAboveFen: pay?.overLimit === 'manual' ? pay.singleLimitFen : null,
      now,
    });
    await recordAudit(trx, {
      at: now,
      staffId: actor?.staffId ?? null,
      username: actor?.username ?? 'scheduler',
      action: 'settlement.batch_created',
      targetType: 'settlement_batch',
      targetId: batchId,
      ip,
      details: { month, ...totals },
    });
    return { batchId, created: true };
  });
}
