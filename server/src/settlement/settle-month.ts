import { recordAudit } from '../audit/record-audit.js';
import type { StaffActor } from '../auth/tokens.js';
import type { WeChatPayConfig } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { monthRange } from '../rewards/rules.js';
import type { Services } from '../services.js';
import { buildLines, findBatchIdByMonth, insertBatch, lockSettlementBuilding } from './queries.js';

/** WeChat Pay needs the payee's real name (`user_name`, encrypted) on a transfer from 2,000 元. */
export const REAL_NAME_FROM_FEN = 200_000;

/**
 * The largest line paid by WeChat transfer; a larger one is paid by hand (manual channel). The
 * single-transfer limit when WECHAT_PAY_OVER_LIMIT=manual, and in any case less than 2,000 元: we
 * collect no real names, and splitting such a line into smaller bills would dodge WeChat Pay's
 * real-name check rather than meet it. So no bill ever needs `user_name`.
 */
export function largestWechatLineFen(pay: Pick<WeChatPayConfig, 'singleLimitFen' | 'overLimit'> | null): number {
  const belowRealName = REAL_NAME_FROM_FEN - 1;
  return pay?.overLimit === 'manual' ? Math.min(pay.singleLimitFen, belowRealName) : belowRealName;
}

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
    const totals = await buildLines(trx, batchId, {
      monthStart: range.start,
      monthEnd: range.end,
      minPayoutFen: services.config.settlement.minPayoutFen,
      manualAboveFen: largestWechatLineFen(services.config.wechatPay),
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
