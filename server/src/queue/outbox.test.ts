import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { OutboxRelay, recordEvent, type DomainEvent } from './outbox.js';
import { QueueEvents } from 'bullmq';
import { connectionFrom, startWorker } from './jobs.js';
import { eventJobs } from './outbox.js';

let app: TestApp;
/** The platform's relay, processing this file's own topics. */
let relay: OutboxRelay;
beforeAll(async () => {
  app = await startTestApp();
  relay = new OutboxRelay(app.services.db, app.services.bus, app.services.logger, app.clock, new Set(['test.relayed', 'test.processed']));
});
afterAll(() => app.close());

async function record(topic: string, payload: Record<string, unknown>) {
  await app.services.db.transaction().execute((trx) => recordEvent(trx, app.clock, topic, payload));
  return app.services.db.selectFrom('outbox').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
}

describe('OutboxRelay', () => {
  it('relays committed events once, even when a crash re-relays them', async () => {
    const { id } = await record('test.relayed', { n: 1 });
    await relay.flush();
    const queue = app.services.bus.queue('events');
    expect((await queue.getJob(`event-${id}`))?.data).toMatchObject({ id, topic: 'test.relayed', payload: { n: 1 } });

    // A crash after enqueue but before marking: the sweep enqueues again under the same jobId.
    await app.services.db.updateTable('outbox').set({ relayedAt: null }).where('id', '=', id).execute();
    await relay.flush();
    const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'completed']);
    expect(jobs.filter((job) => job.id === `event-${id}`)).toHaveLength(1);
  });

  it('marks an event no processor handles as relayed without queuing a job', async () => {
    const { id } = await record('test.unprocessed', { n: 2 });
    await relay.flush();
    expect(await app.services.bus.queue('events').getJob(`event-${id}`)).toBeUndefined();
    const row = await app.services.db.selectFrom('outbox').select('relayedAt').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.relayedAt).not.toBeNull();
  });

  it('never relays an event whose transaction rolled back', async () => {
    await expect(
      app.services.db.transaction().execute(async (trx) => {
        await recordEvent(trx, app.clock, 'test.rolled_back', {});
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from outbox where topic = 'test.rolled_back'`.execute(app.services.db);
    expect(rows[0].n).toBe(0);
  });

  it('hands relayed events to the processors of their topic', async () => {
    const seen: DomainEvent[] = [];
    const worker = startWorker(
      app.services.config.redisUrl,
      'events',
      eventJobs(['test.processed', 'test.relayed'], [{ topics: ['test.processed'], handle: async (event) => void seen.push(event) }]),
      app.services.logger,
      app.services.queuePrefix,
    );
    const events = new QueueEvents('events', { connection: connectionFrom(app.services.config.redisUrl), prefix: app.services.queuePrefix });
    await events.waitUntilReady();
    try {
      const { id } = await record('test.processed', { caseId: 7 });
      await relay.flush();
      const job = await app.services.bus.queue('events').getJob(`event-${id}`);
      await job!.waitUntilFinished(events);
      expect(seen.map((event) => event.payload)).toEqual([{ caseId: 7 }]);
    } finally {
      await events.close();
      await worker.close();
    }
  });
});
