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
  readonly topics: readonly string[];
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

/**
 * How long a kick waits before relaying. Under load one flush then carries the events of every
 * commit in that span instead of costing a transaction per commit; an event reaches the queue
 * this much later, which no processor notices.
 */
const KICK_DELAY_MS = 20;

export class OutboxRelay {
  private running: Promise<number> | null = null;
  private again = false;
  private delayed: NodeJS.Timeout | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly bus: JobBus,
    private readonly logger: Logger,
    private readonly clock: Clock,
    /** Topics some processor handles; only these become jobs. */
    private readonly processedTopics: ReadonlySet<string>,
  ) {}

  /** Relays shortly after a commit, without making the request wait for Redis. */
  kick(): void {
    if (this.delayed) return;
    this.delayed = setTimeout(() => {
      this.delayed = null;
      this.relay();
    }, KICK_DELAY_MS);
  }

  private relay(): void {
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
          this.relay();
        }
      });
  }

  /** Moves every committed, unrelayed event to the queue; returns how many it moved. */
  async flush(batchSize = 200): Promise<number> {
    let moved = 0;
    for (;;) {
      // Marked and enqueued in one transaction: if Redis refuses, the marks roll back.
      const count = await this.db.transaction().execute(async (trx) => {
        const rows = await markUnrelayed(trx, batchSize, this.clock.now());
        if (rows.length > 0) await this.enqueue(rows);
        return rows.length;
      });
      moved += count;
      if (count < batchSize) return moved;
    }
  }

  /**
   * Queues the events some processor handles. The rest (a report received, a 催办) are marked
   * relayed with the others: a job nobody handles would cost Redis and the worker a round trip
   * for every report, and the outbox row stays the record of the event.
   */
  private async enqueue(rows: OutboxRow[]): Promise<void> {
    const processed = rows.filter((row) => this.processedTopics.has(row.topic));
    if (processed.length === 0) return;
    await this.bus.queue('events').addBulk(
      processed.map((row) => ({
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
  }

  startSweeping(everySeconds: number): void {
    this.timer = setInterval(() => this.kick(), everySeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.delayed) {
      // What this process committed last goes out now rather than at the next start's sweep.
      clearTimeout(this.delayed);
      this.delayed = null;
      this.relay();
    }
    await this.running;
  }
}

type OutboxRow = Awaited<ReturnType<typeof markUnrelayed>>[number];

/**
 * Marks up to `limit` committed, unrelayed events as relayed (rows another relay holds are
 * skipped) and returns them oldest first, in one statement.
 */
async function markUnrelayed(trx: Executor, limit: number, now: Date) {
  const rows = await trx
    .updateTable('outbox')
    .set({ relayedAt: now })
    .where('id', 'in', (eb) =>
      eb.selectFrom('outbox').select('id').where('relayedAt', 'is', null).orderBy('id').limit(limit).forUpdate().skipLocked(),
    )
    .returning(['id', 'topic', 'payload', 'createdAt'])
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}
