import { sql } from 'kysely';
import type { Logger } from '../config/logger.js';
import type { Trx } from '../db/database.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { findCategory, type CategoryRow } from '../taxonomy/queries.js';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCase, GARBAGE } from '../test-support/case-factories.js';
import { extendStageClock, findCaseClocks, pauseStageClock, resumeStageClock, startStageClock, stopStageClock } from './clocks.js';
import { refreshLights, refreshLightsJob, scheduleLightsRefresh } from './refresh-lights.js';

const HOUR = 3_600_000;
const YELLOW = 0.2;

/** An instant given as Beijing wall-clock time. */
const at = (local: string) => new Date(`${local}+08:00`);

// Around May Day 2025: 1–5 May off (Thu–Mon), Sun 27 Apr worked. A 4-working-hour 处置 clock
// started Wed 30 Apr 16:00 has 1.5 h that day and is due Tue 6 May 11:00. Dates in spring keep
// these clocks apart from the autumn dates other test files use.
const DISPATCHED_AT = at('2025-04-30T16:00');
const DUE_AT = at('2025-05-06T11:00');

let app: TestApp;
let garbage: CategoryRow;
let calendar: WorkingCalendar;

beforeAll(async () => {
  app = await startTestApp();
  app.clock.set(at('2025-04-30T14:00'));
  garbage = (await findCategory(app.services.db, GARBAGE))!;
  calendar = await app.services.calendar.get();
});
afterAll(() => app.close());

const inTransaction = <T>(work: (trx: Trx) => Promise<T>) => app.services.db.transaction().execute(work);

/** A new case with its 处置 clock started at DISPATCHED_AT. */
async function caseWithHandleClock(): Promise<number> {
  const { caseId } = await buildCase(app);
  await inTransaction((trx) => startStageClock(trx, { caseId, stage: 'handle', category: garbage, now: DISPATCHED_AT, calendar }));
  return caseId;
}

async function caseDeadline(caseId: number) {
  return app.services.db.selectFrom('cases').select(['light', 'dueAt']).where('id', '=', caseId).executeTakeFirstOrThrow();
}

async function runningClock(caseId: number) {
  return (await findCaseClocks(app.services.db, caseId)).find((clock) => clock.stoppedAt === null)!;
}

async function overdueEvents(caseId: number) {
  const { rows } = await sql<{ payload: Record<string, unknown> }>`
    select payload from outbox where topic = 'case.overdue' and payload->>'caseId' = ${String(caseId)} order by id
  `.execute(app.services.db);
  return rows.map((row) => row.payload);
}

const refresh = (now: Date, logger: Logger = app.services.logger) => refreshLights({ ...app.services, logger }, now);

describe('starting a stage clock', () => {
  it('stops the clock before it, and puts the deadline and a green light on the case', async () => {
    const { caseId } = await buildCase(app);
    await inTransaction((trx) =>
      startStageClock(trx, { caseId, stage: 'dispatch', category: garbage, now: at('2025-04-30T15:00'), calendar }),
    );
    const started = await inTransaction((trx) => startStageClock(trx, { caseId, stage: 'handle', category: garbage, now: DISPATCHED_AT, calendar }));
    expect(started).toEqual({ dueAt: DUE_AT, assumedYears: [] });

    const clocks = await findCaseClocks(app.services.db, caseId);
    expect(clocks.slice(-2)).toMatchObject([
      { stage: 'dispatch', kind: 'working', limitMs: HOUR / 2, dueAt: at('2025-04-30T15:30'), stoppedAt: DISPATCHED_AT },
      { stage: 'handle', kind: 'working', limitMs: 4 * HOUR, startedAt: DISPATCHED_AT, dueAt: DUE_AT, stoppedAt: null, assumedYears: [] },
    ]);
    expect(clocks.filter((clock) => clock.stoppedAt === null)).toHaveLength(1);
    expect(await caseDeadline(caseId)).toEqual({ light: 'green', dueAt: DUE_AT });

    await inTransaction((trx) => stopStageClock(trx, caseId, at('2025-05-06T09:00')));
    expect(await caseDeadline(caseId)).toEqual({ light: 'none', dueAt: null });
  });

  it('returns the years it had to assume plain weekdays for', async () => {
    const { caseId } = await buildCase(app);
    const started = await inTransaction((trx) =>
      startStageClock(trx, { caseId, stage: 'handle', category: garbage, now: at('2030-12-31T16:00'), calendar }),
    );
    expect(started).toEqual({ dueAt: at('2031-01-01T11:00'), assumedYears: [2030, 2031] });
    await inTransaction((trx) => stopStageClock(trx, caseId, at('2030-12-31T17:00')));
  });
});

describe('pausing and resuming', () => {
  it('keeps the working time left while paused and resumes from it', async () => {
    const caseId = await caseWithHandleClock();
    await inTransaction((trx) => pauseStageClock(trx, caseId, at('2025-04-30T17:00'), calendar));
    expect(await runningClock(caseId)).toMatchObject({ pausedAt: at('2025-04-30T17:00'), remainingMs: 3 * HOUR });
    expect(await caseDeadline(caseId)).toEqual({ light: 'none', dueAt: null });

    // Wed 7 May 09:00 + 3 working hours.
    const resumed = await inTransaction((trx) => resumeStageClock(trx, caseId, at('2025-05-07T09:00'), calendar, YELLOW));
    expect(resumed).toEqual({ dueAt: at('2025-05-07T12:00'), assumedYears: [] });
    expect(await runningClock(caseId)).toMatchObject({ pausedAt: null, remainingMs: null, dueAt: at('2025-05-07T12:00') });
    expect(await caseDeadline(caseId)).toEqual({ light: 'green', dueAt: at('2025-05-07T12:00') });
  });

  it('resumes with the light the time left earns', async () => {
    const caseId = await caseWithHandleClock();
    // Half an hour of four left: 12.5 %.
    await inTransaction((trx) => pauseStageClock(trx, caseId, at('2025-05-06T10:30'), calendar));
    await inTransaction((trx) => resumeStageClock(trx, caseId, at('2025-05-08T08:30'), calendar, YELLOW));
    expect(await caseDeadline(caseId)).toEqual({ light: 'yellow', dueAt: at('2025-05-08T09:00') });
  });

  it('does nothing when there is nothing to pause or resume', async () => {
    const caseId = await caseWithHandleClock();
    await inTransaction((trx) => pauseStageClock(trx, caseId, at('2025-05-06T09:00'), calendar));
    await inTransaction((trx) => pauseStageClock(trx, caseId, at('2025-05-06T10:00'), calendar));
    expect(await runningClock(caseId)).toMatchObject({ pausedAt: at('2025-05-06T09:00'), remainingMs: 2 * HOUR });
    await inTransaction((trx) => resumeStageClock(trx, caseId, at('2025-05-07T08:30'), calendar, YELLOW));
    const again = await inTransaction((trx) => resumeStageClock(trx, caseId, at('2025-05-07T10:00'), calendar, YELLOW));
    expect(again).toEqual({ dueAt: null, assumedYears: [] });
    expect((await runningClock(caseId)).dueAt).toEqual(at('2025-05-07T10:30'));
  });
});

describe('extending', () => {
  it('moves an overdue deadline by working days, turning the light green again', async () => {
    const caseId = await caseWithHandleClock();
    await refresh(at('2025-05-06T11:30'));
    expect(await caseDeadline(caseId)).toEqual({ light: 'red', dueAt: DUE_AT });

    const now = at('2025-05-06T11:30');
    const extended = await inTransaction((trx) => extendStageClock(trx, caseId, { amount: 1, unit: 'days' }, now, calendar, YELLOW));
    // One working day (7 h) on from 11:00 on 6 May; 6.5 of 11 hours left at 11:30.
    expect(extended).toEqual({ dueAt: at('2025-05-07T11:00'), assumedYears: [] });
    expect(await runningClock(caseId)).toMatchObject({ limitMs: 11 * HOUR, dueAt: at('2025-05-07T11:00'), overdueAt: at('2025-05-06T11:30') });
    expect(await caseDeadline(caseId)).toEqual({ light: 'green', dueAt: at('2025-05-07T11:00') });
  });

  it('gives a paused clock more time left', async () => {
    const caseId = await caseWithHandleClock();
    await inTransaction((trx) => pauseStageClock(trx, caseId, at('2025-05-06T10:00'), calendar));
    const extended = await inTransaction((trx) =>
      extendStageClock(trx, caseId, { amount: 2, unit: 'hours' }, at('2025-05-06T10:30'), calendar, YELLOW),
    );
    expect(extended).toEqual({ dueAt: null, assumedYears: [] });
    expect(await runningClock(caseId)).toMatchObject({ limitMs: 6 * HOUR, remainingMs: 3 * HOUR });
    expect(await caseDeadline(caseId)).toEqual({ light: 'none', dueAt: null });
  });
});

describe('refreshLights', () => {
  it('turns the light yellow, then red, and announces the overdue stage once', async () => {
    const caseId = await caseWithHandleClock();
    await app.services.db.updateTable('cases').set({ departmentCode: 'street-longcheng' }).where('id', '=', caseId).execute();

    await refresh(at('2025-05-06T10:00')); // 1 of 4 hours left
    expect((await caseDeadline(caseId)).light).toBe('green');
    await refresh(at('2025-05-06T10:30')); // half an hour left
    expect((await caseDeadline(caseId)).light).toBe('yellow');
    expect(await overdueEvents(caseId)).toEqual([]);

    const counts = await refresh(at('2025-05-06T11:00'));
    expect(counts.overdue).toBeGreaterThanOrEqual(1);
    expect((await caseDeadline(caseId)).light).toBe('red');
    expect((await runningClock(caseId)).overdueAt).toEqual(at('2025-05-06T11:00'));
    await refresh(at('2025-05-06T11:05'));
    expect(await overdueEvents(caseId)).toEqual([{ caseId, stage: 'handle', dueAt: DUE_AT.toISOString(), departmentCode: 'street-longcheng' }]);
  });

  it('announces an overdue stage once when two refreshes race', async () => {
    const caseIds = [await caseWithHandleClock(), await caseWithHandleClock(), await caseWithHandleClock()];
    await Promise.all([refresh(at('2025-05-06T11:10')), refresh(at('2025-05-06T11:10'))]);
    for (const caseId of caseIds) {
      expect(await overdueEvents(caseId)).toHaveLength(1);
      expect((await caseDeadline(caseId)).light).toBe('red');
    }
  });

  it('leaves paused clocks alone', async () => {
    const caseId = await caseWithHandleClock();
    await inTransaction((trx) => pauseStageClock(trx, caseId, at('2025-04-30T17:00'), calendar));
    await refresh(at('2025-05-20T10:00'));
    expect(await caseDeadline(caseId)).toEqual({ light: 'none', dueAt: null });
    expect((await runningClock(caseId)).overdueAt).toBeNull();
    expect(await overdueEvents(caseId)).toEqual([]);
  });

  it('warns once per refresh when running deadlines were computed on assumed years', async () => {
    const { caseId } = await buildCase(app);
    await inTransaction((trx) => startStageClock(trx, { caseId, stage: 'handle', category: garbage, now: at('2030-12-31T16:00'), calendar }));
    const warnings: Array<{ years: number[] }> = [];
    const logger = { warn: (fields: { years: number[] }) => warnings.push(fields) } as unknown as Logger;
    try {
      await refresh(at('2025-05-06T09:00'), logger);
    } finally {
      await inTransaction((trx) => stopStageClock(trx, caseId, at('2030-12-31T17:00')));
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0].years).toEqual(expect.arrayContaining([2030, 2031]));
  });

  it('runs as a repeatable job on the workflow queue', async () => {
    await scheduleLightsRefresh(app.services);
    const queue = app.services.bus.queue('workflow');
    expect(await queue.getJobScheduler('refresh-lights')).toMatchObject({ every: app.services.config.workflow.lightsRefreshSeconds * 1000 });
    await queue.removeJobScheduler('refresh-lights');
    await expect(refreshLightsJob(app.services).handle({})).resolves.toBeUndefined();
  });
});
