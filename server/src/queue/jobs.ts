/**
 * The one job pattern: every asynchronous step is a JobDefinition with a joi schema for its
 * payload. Producers call `enqueue`, which validates before anything reaches Redis; one worker
 * per queue validates again and runs the handler. Handlers must be idempotent: BullMQ delivers
 * at least once.
 */
import { Queue, Worker, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type Joi from 'joi';
import type { Logger } from '../config/logger.js';

export type QueueName = 'events' | 'workflow' | 'settlement' | 'hotline-callbacks';

export interface JobDefinition<P> {
  queue: QueueName;
  name: string;
  schema: Joi.Schema<P>;
  handle(payload: P): Promise<void>;
}

export interface JobBus {
  enqueue<P>(job: Pick<JobDefinition<P>, 'queue' | 'name' | 'schema'>, payload: P, options?: JobsOptions): Promise<void>;
  queue(name: QueueName): Queue;
  close(): Promise<void>;
}

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  // Completed jobs stay a day so a re-enqueue with the same jobId within it is a no-op.
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export function connectionFrom(redisUrl: string): ConnectionOptions {
  return { url: redisUrl, maxRetriesPerRequest: null } as ConnectionOptions;
}

export function createJobBus(redisUrl: string, prefix: string): JobBus {
  const connection = connectionFrom(redisUrl);
  const queues = new Map<QueueName, Queue>();
  const queue = (name: QueueName) => {
    let found = queues.get(name);
    if (!found) {
      found = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      queues.set(name, found);
    }
    return found;
  };
  return {
    queue,
    async enqueue(job, payload, options) {
      const { error, value } = job.schema.validate(payload);
      if (error) throw new Error(`job ${job.name}: invalid payload: ${error.message}`);
      await queue(job.queue).add(job.name, value, options);
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}

/** Runs the handlers of one queue; an unknown job name fails loudly rather than vanishing. */
export function startWorker(
  redisUrl: string,
  queueName: QueueName,
  jobs: Array<JobDefinition<any>>,
  logger: Logger,
  prefix: string,
): Worker {
  const byName = new Map(jobs.map((job) => [job.name, job]));
  const worker = new Worker(
    queueName,
    async (bullJob) => {
      const job = byName.get(bullJob.name);
      if (!job) throw new Error(`no handler for job ${bullJob.name} on queue ${queueName}`);
      const { error, value } = job.schema.validate(bullJob.data);
      if (error) throw new Error(`job ${bullJob.name}: invalid payload: ${error.message}`);
      await job.handle(value);
    },
    { connection: connectionFrom(redisUrl), prefix, concurrency: 8 },
  );
  worker.on('failed', (bullJob, err) => logger.warn({ job: bullJob?.name, id: bullJob?.id, err }, 'job failed'));
  return worker;
}
