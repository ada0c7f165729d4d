/**
 * The `settlement` queue: the month's batch on the 1st, payment runs, and reconciliation, each a
 * JobDefinition. BullMQ job schedulers repeat the first and the last; every worker process
 * upserts them at start, which is idempotent.
 */
import type { Worker } from 'bullmq';
import Joi from 'joi';
import { previousMonth } from '../rewards/rules.js';
import type { Services } from '../services.js';
import { startWorker, type JobDefinition } from '../queue/jobs.js';
import { payWechatLines } from './pay-wechat-lines.js';
import { followOpenBills } from './reconcile.js';
import { settleMonth } from './settle-month.js';

export const settleMonthJob = { queue: 'settlement' as const, name: 'settle-month', schema: Joi.object({}) };
export const payBatchJob = { queue: 'settlement' as const, name: 'pay-batch', schema: Joi.object<{ batchId: number }>({ batchId: Joi.number().integer().min(1).required() }) };
export const reconcileJob = { queue: 'settlement' as const, name: 'reconcile-bills', schema: Joi.object({}) };

function paymentDeps(services: Services) {
  const { wechatPay } = services;
  if (!wechatPay || !services.config.wechatPay) throw new Error('WeChat Pay is not configured (WECHAT_PAY_MCH_ID …)');
  return { db: services.db, clock: services.clock, logger: services.logger, client: wechatPay, config: services.config.wechatPay };
}

export function settlementJobs(services: Services): Array<JobDefinition<any>> {
  return [
    {
      ...settleMonthJob,
      async handle() {
        const month = previousMonth(services.clock.now());
        const { batchId, created } = await settleMonth(services, { month });
        services.logger.info({ month, batchId, created }, 'monthly settlement');
      },
    },
    {
      ...payBatchJob,
      async handle({ batchId }: { batchId: number }) {
        const { calls } = await payWechatLines(paymentDeps(services), batchId);
        services.logger.info({ batchId, calls }, 'payment run finished');
      },
    },
    {
      ...reconcileJob,
      async handle() {
        if (!services.wechatPay) return;
        services.logger.info(await followOpenBills(paymentDeps(services)), 'bills reconciled');
      },
    },
  ];
}

/** On the 1st at 02:00 Beijing time the month before is settled; reconciliation every few minutes. */
export async function scheduleSettlement(services: Services): Promise<void> {
  const queue = services.bus.queue('settlement');
  await queue.upsertJobScheduler(settleMonthJob.name, { pattern: '0 0 2 1 * *', tz: 'Asia/Shanghai' }, { name: settleMonthJob.name, data: {} });
  await queue.upsertJobScheduler(
    reconcileJob.name,
    { every: services.config.settlement.reconcileSeconds * 1000 },
    // The next run is at most an interval away: no retries.
    { name: reconcileJob.name, data: {}, opts: { attempts: 1 } },
  );
}

export function startSettlementWorker(services: Services): Worker {
  scheduleSettlement(services).catch((err) => services.logger.error({ err }, 'cannot schedule settlement jobs'));
  return startWorker(services.config.redisUrl, 'settlement', settlementJobs(services), services.logger, services.queuePrefix);
}
