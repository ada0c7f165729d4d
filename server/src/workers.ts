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
 * Event processors of every area, in the order they handle an event, each with its topics (known
 * before it is built: the relay queues only these) and built from the services it needs.
 */
const EVENT_PROCESSORS: Array<{ topics: readonly string[]; build: (services: Services) => EventProcessor }> = [
  { topics: CitizenProgressProcessor.topics, build: (services) => new CitizenProgressProcessor(services.db) },
  { topics: RewardProcessor.topics, build: (services) => new RewardProcessor(services.db, services.clock) },
  // After the rewards: it deducts what they credited for the same event.
  { topics: ContractorDeductionProcessor.topics, build: (services) => new ContractorDeductionProcessor(services.db, services.clock) },
  { topics: HotlineCallbackProcessor.topics, build: (services) => new HotlineCallbackProcessor(callbackDeps(services)) },
  // After the progress and reward processors: it tells citizens what they wrote for the same event.
  {
    topics: SubscribeMessageProcessor.topics,
    build: (services) => new SubscribeMessageProcessor(services.db, services.clock, services.config, subscribeSenderOf(services)),
  },
];

/** The topics some processor handles; the outbox relay queues only these. */
export const PROCESSED_TOPICS: ReadonlySet<string> = new Set(EVENT_PROCESSORS.flatMap((processor) => processor.topics));

/** WeChat's subscribe-message API; none in demo mode without a WeChat app (messages are recorded as skipped_demo). */
function subscribeSenderOf({ config, clock }: Services) {
  return config.wechat.appId ? createSubscribeMessageSender(config.wechat, clock) : null;
}

/** The worker entry point: the outbox sweep and one BullMQ worker per queue. */
export function startWorkers(services: Services) {
  services.relay.startSweeping(services.config.outboxSweepSeconds);
  const workers: Worker[] = [
    startWorker(services.config.redisUrl, 'events', eventJobs(EVENT_TOPICS, EVENT_PROCESSORS.map((processor) => processor.build(services))), services.logger, services.queuePrefix),
    startWorkflowWorker(services),
    startSettlementWorker(services),
  ];
  return {
    async stop() {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
