import type { Worker } from 'bullmq';
import type { Services } from './services.js';
import { eventJobs, type EventProcessor } from './queue/outbox.js';
import { startWorker } from './queue/jobs.js';

/** Every event topic the platform records; processors subscribe to these. */
export const EVENT_TOPICS = ['report.received'];

/** Event processors of every area; later areas (feedback, rewards, hotline) add theirs here. */
const EVENT_PROCESSORS: EventProcessor[] = [];

/** The worker entry point: the outbox sweep and one BullMQ worker per queue. */
export function startWorkers(services: Services) {
  services.relay.startSweeping(services.config.outboxSweepSeconds);
  const workers: Worker[] = [
    startWorker(services.config.redisUrl, 'events', eventJobs(EVENT_TOPICS, EVENT_PROCESSORS), services.logger, services.queuePrefix),
  ];
  return {
    async stop() {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
