import type { Worker } from 'bullmq';
import type { Services } from './services.js';
import { eventJobs, type EventProcessor } from './queue/outbox.js';
import { startWorker } from './queue/jobs.js';
import { startWorkflowWorker } from './workflow/refresh-lights.js';
import { EVENT_OF_ACTION } from './workflow/transitions.js';
import { CitizenProgressProcessor } from './feedback/citizen-progress-processor.js';
import { RewardProcessor } from './rewards/reward-processor.js';
import { ContractorDeductionProcessor } from './contractors/deduction-processor.js';
import { startSettlementWorker } from './settlement/settlement-jobs.js';
import { callbackDeps, HotlineCallbackProcessor } from './hotline/callbacks.js';
import { SubscribeMessageProcessor } from './feedback/subscribe-message-processor.js';
import { createSubscribeMessageSender } from './feedback/wechat-subscribe-client.js';

/** Every event topic the platform records; processors subscribe to these. */
export const EVENT_TOPICS = ['report.received', ...Object.values(EVENT_OF_ACTION), 'case.overdue', 'case.rated'];

/**
 * Event processors of every area, each built from the services it needs; later areas (rewards,
 * hotline) add theirs here.
 */
const EVENT_PROCESSORS: Array<(services: Services) => EventProcessor> = [
  (services) => new CitizenProgressProcessor(services.db),
  (services) => new RewardProcessor(services.db, services.clock),
  // After the rewards: it deducts what they credited for the same event.
  (services) => new ContractorDeductionProcessor(services.db, services.clock),
  (services) => new HotlineCallbackProcessor(callbackDeps(services)),
  // After the progress and reward processors: it tells citizens what they wrote for the same event.
  (services) => new SubscribeMessageProcessor(services.db, services.clock, services.config, subscribeSenderOf(services)),
];

/** WeChat's subscribe-message API; none in demo mode without a WeChat app (messages are recorded as skipped_demo). */
function subscribeSenderOf({ config, clock }: Services) {
  return config.wechat.appId ? createSubscribeMessageSender(config.wechat, clock) : null;
}

/** The worker entry point: the outbox sweep and one BullMQ worker per queue. */
export function startWorkers(services: Services) {
  services.relay.startSweeping(services.config.outboxSweepSeconds);
  const workers: Worker[] = [
    startWorker(services.config.redisUrl, 'events', eventJobs(EVENT_TOPICS, EVENT_PROCESSORS.map((build) => build(services))), services.logger, services.queuePrefix),
    startWorkflowWorker(services),
    startSettlementWorker(services),
  ];
  return {
    async stop() {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
