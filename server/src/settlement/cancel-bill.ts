import { recordAudit } from '../audit/record-audit.js';
import type { StaffActor } from '../auth/tokens.js';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import { applyBillState, CANCELLABLE_STATES } from './bill-state.js';
import { findBillOfBatch } from './queries.js';

/**
 * Cancels a bill the citizen has not confirmed yet (WeChat Pay allows it until confirmation).
 * The answer (CANCELING, then CANCELLED by callback or query) is applied like any other; once
 * CANCELLED, the next payment run issues a new bill for the part.
 */
export async function cancelBill(services: Services, { actor, ip, batchId, outBillNo }: { actor: StaffActor; ip: string; batchId: number; outBillNo: string }) {
  const bill = await findBillOfBatch(services.db, batchId, outBillNo);
  if (!bill) throw AppError.notFound('settlement.bill_not_found', `no bill ${outBillNo} in batch ${batchId}`);
  if (!CANCELLABLE_STATES.includes(bill.state)) {
    throw AppError.conflict('settlement.bill_not_cancellable', `bill ${outBillNo} is ${bill.state}; only bills not yet confirmed can be cancelled`);
  }
  if (!services.wechatPay) throw AppError.conflict('settlement.wechat_pay_not_configured', 'no WeChat Pay merchant is configured');
  const answer = await services.wechatPay.cancelBill(outBillNo).catch((error) => {
    throw new AppError(502, 'settlement.wechat_pay_unavailable', `WeChat Pay did not confirm the cancellation: ${(error as Error).message}`);
  });
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    await applyBillState(trx, answer, now);
    await recordAudit(trx, { at: now, staffId: actor.staffId, username: actor.username, action: 'settlement.bill_cancelled', targetType: 'transfer_bill', targetId: outBillNo, ip, details: { batchId, state: answer.state } });
  });
  return answer.state;
}
