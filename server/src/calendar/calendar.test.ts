import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildStaff, type TestStaff } from '../test-support/factories.js';
import { buildCase, GARBAGE } from '../test-support/case-factories.js';
import { findCategory } from '../taxonomy/queries.js';
import { startStageClock, stopStageClock } from '../workflow/clocks.js';

/** An instant given as Beijing wall-clock time. */
const at = (local: string) => new Date(`${local}+08:00`);

// Not the State Council's 2027 notice (not out yet): a made-up schedule of the same shape.
const schedule2027 = {
  source: '测试用 2027 年节假日安排',
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-02-06', name: '春节' },
    { date: '2027-02-07', name: '春节' },
    { date: '2027-02-08', name: '春节' },
  ],
  makeupWorkdays: [{ date: '2027-02-20', name: '春节' }],
};

let app: TestApp;
let admin: TestStaff;
let reviewer: TestStaff;
/** A case whose 处置 clock, started on 31 Dec 2026, runs into 2027. */
let caseInto2027: number;

beforeAll(async () => {
  app = await startTestApp();
  app.clock.set(at('2026-11-20T10:00'));
  [admin, reviewer] = await Promise.all([buildStaff(app, { roles: ['admin'] }), buildStaff(app, { roles: ['reviewer'] })]);
});
afterAll(async () => {
  // Other test files expect 2027 to be missing, as it is until November 2026.
  await app.services.db.deleteFrom('calendarYears').where('year', '=', 2027).execute();
  if (caseInto2027) await app.services.db.transaction().execute((trx) => stopStageClock(trx, caseInto2027, at('2026-12-31T17:00')));
  await app.close();
});

describe('GET /api/v1/calendar/years', () => {
  it('lists the entered years with where they came from', async () => {
    const response = await app.request('GET', '/api/v1/calendar/years', { token: reviewer.token });
    expect(response.status).toBe(200);
    expect(response.body.years).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ year: 2025, enteredBy: null, fromDataFile: true, source: expect.stringContaining('2025') }),
        expect.objectContaining({ year: 2026, fromDataFile: true }),
      ]),
    );
  });

  it('is for staff only', async () => {
    expect((await app.request('GET', '/api/v1/calendar/years')).status).toBe(401);
    const citizen = await buildCitizen(app);
    const response = await app.request('GET', '/api/v1/calendar/years', { token: citizen.token });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('auth.staff_only');
  });
});

describe('GET /api/v1/calendar/years/:year', () => {
  it('gives the year’s holidays and makeup workdays', async () => {
    const response = await app.request('GET', '/api/v1/calendar/years/2025', { token: reviewer.token });
    expect(response.status).toBe(200);
    expect(response.body.year.holidays).toContainEqual({ date: '2025-10-01', name: '国庆节、中秋节' });
    expect(response.body.year.makeupWorkdays.map((day: { date: string }) => day.date)).toEqual(
      expect.arrayContaining(['2025-09-28', '2025-10-11']),
    );
  });

  it('answers 404 for a year without a schedule, 400 for no year at all', async () => {
    expect((await app.request('GET', '/api/v1/calendar/years/2099', { token: reviewer.token })).body.error.code).toBe('calendar.year_not_found');
    expect((await app.request('GET', '/api/v1/calendar/years/next', { token: reviewer.token })).status).toBe(400);
  });
});

describe('entering 2027 and the warnings that lead to it', () => {
  it('warns that next year is missing and that a running deadline reaches into it', async () => {
    const { caseId } = await buildCase(app);
    caseInto2027 = caseId;
    const category = (await findCategory(app.services.db, GARBAGE))!;
    const calendar = await app.services.calendar.get();
    await app.services.db
      .transaction()
      .execute((trx) => startStageClock(trx, { caseId, stage: 'handle', category, now: at('2026-12-31T16:00'), calendar }));

    const response = await app.request('GET', '/api/v1/calendar/warnings', { token: reviewer.token });
    expect(response.status).toBe(200);
    expect(response.body.nextYear).toEqual({ year: 2027, entered: false });
    expect(response.body.deadlinesInMissingYears).toContainEqual({ year: 2027, clocks: expect.any(Number) });
  });

  it('refuses anyone but an administrator', async () => {
    const response = await app.request('PUT', '/api/v1/calendar/years/2027', { token: reviewer.token, body: schedule2027 });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('auth.forbidden');
  });

  it('refuses a bad schedule with 422, naming the day', async () => {
    const bad = { ...schedule2027, makeupWorkdays: [{ date: '2027-01-06', name: '元旦' }] };
    const response = await app.request('PUT', '/api/v1/calendar/years/2027', { token: admin.token, body: bad });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'calendar.invalid_year', message: expect.stringContaining('2027-01-06 is a Wednesday') });
    const missing = await app.request('PUT', '/api/v1/calendar/years/2027', { token: admin.token, body: { source: '通知', makeupWorkdays: [] } });
    expect(missing.status).toBe(422);
  });

  it('refuses a body for another year than the path’s', async () => {
    const response = await app.request('PUT', '/api/v1/calendar/years/2027', { token: admin.token, body: { ...schedule2027, year: 2028 } });
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual([{ field: 'year', message: 'year must be 2027, the year in the path' }]);
  });

  it('enters the year for an administrator, audits it, and deadlines use it at once', async () => {
    expect((await app.services.calendar.get()).describeDay(at('2027-01-01T10:00')).isAssumed).toBe(true);

    const response = await app.request('PUT', '/api/v1/calendar/years/2027', { token: admin.token, body: schedule2027 });
    expect(response.status).toBe(200);
    expect(response.body.year).toEqual({
      year: 2027,
      source: schedule2027.source,
      enteredBy: admin.username,
      enteredAt: at('2026-11-20T10:00').toISOString(),
      fromDataFile: false,
      holidays: schedule2027.holidays,
      makeupWorkdays: schedule2027.makeupWorkdays,
    });

    expect((await app.services.calendar.get()).describeDay(at('2027-01-01T10:00'))).toMatchObject({ kind: 'holiday', isAssumed: false });
    const audit = await app.services.db.selectFrom('staffAuditLog').selectAll().where('staffId', '=', admin.id).execute();
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'calendar.enter_year', targetType: 'calendar_year', targetId: '2027', details: expect.objectContaining({ holidays: 4 }) }),
    );

    const warnings = await app.request('GET', '/api/v1/calendar/warnings', { token: reviewer.token });
    expect(warnings.body.nextYear).toEqual({ year: 2027, entered: true });
    expect(warnings.body.deadlinesInMissingYears.map((entry: { year: number }) => entry.year)).not.toContain(2027);
  });
});
