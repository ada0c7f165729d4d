/**
 * Transactional outbox: a state change and its event commit together (`recordEvent` inside the
 * use case's transaction); the relay moves committed events to the `events` queue afterwards.
 * A crash between commit and relay only delays an event: the sweep finds it. A crash between
 * enqueue and marking it relayed re-enqueues it with the same jobId, which BullMQ ignores.
 */
import Joi from 'joi';
import type { Db, Executor } from '../db/database.js';
import type { Clock } from '../config/clock.js';
import type { Logger } from '../config/logger.js';
import type { JobBus, JobDefinition } from './jobs.js';

export interface DomainEvent<T = Record<string, unknown>> {
  id: number;
  topic: string;
  occurredAt: string;
  payload: T;
}

/** What event processors receive: the event as recorded. */
export const domainEventSchema = Joi.object<DomainEvent>({
  id: Joi.number().integer().required(),
  topic: Joi.string().required(),
  occurredAt: Joi.string().isoDate().required(),
  payload: Joi.object().unknown(true).required(),
});

export async function recordEvent(trx: Executor, clock: Clock, topic: string, payload: Record<string, unknown>) {
  await trx.insertInto('outbox').values({ topic, payload: JSON.stringify(payload), createdAt: clock.now() }).execute();
}

/** An event processor declares the topics it handles; each topic becomes a job on `events`. */
export interface EventProcessor {
  topics: string[];
  handle(event: DomainEvent): Promise<void>;
}

/** One job definition per topic, fanning each event out to every processor of that topic. */
export function eventJobs(topics: string[], processors: EventProcessor[]): Array<JobDefinition<DomainEvent>> {
  return topics.map((topic) => ({
    queue: 'events',
    name: topic,
    schema: domainEventSchema,
    handle: async (event) => {
      for (const processor of processors.filter((p) => p.topics.includes(topic))) await processor.handle(event);
    },
  }));
}

export class OutboxRelay {
  private running: Promise<number> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly bus: JobBus,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  /** Relays after a commit without making the request wait for Redis. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.flush()
      .catch((err) => {
        this.logger.warn({ err }, 'outbox relay failed; the sweep will retry');
        return 0;
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Moves every committed, unrelayed event to the queue; returns how many it moved. */
  async flush(batchSize = 200): Promise<number> {
    let moved = 0;
    for (;;) {
      const count = await this.db.transaction().execute(async (trx) => {
        const rows = await trx
          .selectFrom('outbox')
          .select(['id', 'topic', 'payload', 'createdAt'])
          .where('relayedAt', 'is', null)
          .orderBy('id')
          .limit(batchSize)
          .forUpdate()
          .skipLocked()
          .execute();
        if (rows.length === 0) return 0;
        const queue = this.bus.queue('events');
        await queue.addBulk(
          rows.map((row) => ({
            name: row.topic,
            data: {
              id: row.id,
              topic: row.topic,
              occurredAt: new Date(row.createdAt).toISOString(),
              payload: row.payload,
            } satisfies DomainEvent<unknown>,
            opts: { jobId: `event-${row.id}` },
          })),
        );
        await trx
          .updateTable('outbox')
          .set({ relayedAt: this.clock.now() })
          .where('id', 'in', rows.map((row) => row.id))
          .execute();
        return rows.length;
      });
      moved += count;
      if (count < batchSize) return moved;
    }
  }

  startSweeping(everySeconds: number): void {
    this.timer = setInterval(() => this.kick(), everySeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
