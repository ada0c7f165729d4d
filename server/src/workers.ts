import type { Worker } from 'bullmq';
import type { Services } from './services.js';
import { eventJobs, type EventProcessor } from './queue/outbox.js';
import { startWorker } from './queue/jobs.js';
import { startWorkflowWorker } from './workflow/refresh-lights.js';
import { EVENT_OF_ACTION } from './workflow/transitions.js';
import { CitizenProgressProcessor } from './feedback/citizen-progress-processor.js';
import { RewardProcessor } from './rewards/reward-processor.js';
import { startSettlementWorker } from './settlement/settlement-jobs.js';

/** Every event topic the platform records; processors subscribe to these. */
export const EVENT_TOPICS = ['report.received', ...Object.values(EVENT_OF_ACTION), 'case.overdue'];

/**
 * Event processors of every area, each built from the services it needs; later areas (rewards,
 * hotline) add theirs here.
 */
const EVENT_PROCESSORS: Array<(services: Services) => EventProcessor> = [
  (services) => new CitizenProgressProcessor(services.db),
  (services) => new RewardProcessor(services.db, services.clock),
];

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
