/** Starting a batch's payment, and closing it once every line is settled. */
import { recordAudit } from '../audit/record-audit.js';
import type { StaffActor } from '../auth/tokens.js';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import { finishBatchIfDone } from './queries.js';
import { lockBatchIn } from './review-batch.js';
import { payBatchJob } from './settlement-jobs.js';

/**
 * Marks an approved batch as paying and queues its WeChat transfers; running it again (after a
 * crash, or to re-issue expired bills) is safe, since each bill has its own out_bill_no.
 */
export async function startPayment(services: Services, { actor, ip, batchId }: { actor: StaffActor; ip: string; batchId: number }) {
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    await lockBatchIn(trx, batchId, ['approved', 'paying'], 'run payment');
    const wechat = await trx.selectFrom('payoutLines').select('id').where('batchId', '=', batchId).where('channel', '=', 'wechat_transfer').where('status', 'in', ['pending', 'paying']).limit(1).executeTakeFirst();
    if (wechat && !services.config.wechatPay) {
      throw AppError.conflict('settlement.wechat_pay_not_configured', 'this batch has WeChat transfer lines but no WeChat Pay merchant is configured (WECHAT_PAY_MCH_ID …)');
    }
    await trx.updateTable('settlementBatches').set({ status: 'paying' }).where('id', '=', batchId).execute();
    await recordAudit(trx, { at: now, staffId: actor.staffId, username: actor.username, action: 'settlement.payment_started', targetType: 'settlement_batch', targetId: batchId, ip });
    await finishBatchIfDone(trx, batchId);
  });
  await services.bus.enqueue(payBatchJob, { batchId }, { jobId: `pay-batch-${batchId}-${now.getTime()}` });
}
