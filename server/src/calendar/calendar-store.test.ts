import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { enterCalendarYear, loadCalendarData, loadWorkingCalendar } from './calendar-store.js';
import { parseCalendarData, specialDaysOf, type CalendarYearEntry } from './schemas.js';

const at = (local: string) => new Date(`${local}+08:00`);
const rawFile: unknown = JSON.parse(readFileSync(new URL('./data/holidays.json', import.meta.url), 'utf8'));
const shipped = parseCalendarData(rawFile);

// The test database is shared by every test file of a run, some of which may expect 2027 (the
// next unannounced year) to be missing: the entry tests use a year nobody else looks at.
const YEAR = 2035;
const entry2035: CalendarYearEntry = {
  year: YEAR,
  source: '国务院办公厅关于2035年部分节假日安排的通知',
  holidays: [
    { date: '2035-01-01', name: '元旦' },
    { date: '2035-02-07', name: '春节' },
    { date: '2035-02-08', name: '春节' },
  ],
  makeupWorkdays: [{ date: '2035-02-03', name: '春节' }],
};

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  await loadCalendarData(app.services.db);
});
afterAll(async () => {
  await app.services.db.deleteFrom('calendarYears').where('year', '=', YEAR).execute();
  await app.close();
});

function enter(props: Parameters<typeof enterCalendarYear>[1], now: Date) {
  return app.services.db.transaction().execute((trx) => enterCalendarYear(trx, props, now));
}

async function daysOf(years: number[]) {
  return app.services.db
    .selectFrom('calendarDays')
    .select((eb) => [eb.cast<string>('date', 'text').as('date'), 'kind', 'name', 'year'])
    .where('year', 'in', years)
    .orderBy('date')
    .execute();
}

describe('loadCalendarData', () => {
  it('puts the shipped 2025 and 2026 days in the tables, and again without change', async () => {
    const expected = shipped
      .flatMap((entry) => specialDaysOf(entry).map((day) => ({ ...day, year: entry.year })))
      .sort((a, b) => a.date.localeCompare(b.date));
    expect(await daysOf([2025, 2026])).toEqual(expected);

    await loadCalendarData(app.services.db);
    await loadCalendarData(app.services.db);
    expect(await daysOf([2025, 2026])).toEqual(expected);
    const years = await app.services.db.selectFrom('calendarYears').selectAll().where('year', 'in', [2025, 2026]).orderBy('year').execute();
    expect(years.map(({ year, source, enteredBy }) => ({ year, source, enteredBy }))).toEqual(
      shipped.map(({ year, source }) => ({ year, source, enteredBy: null })),
    );
  });

  it('leaves a year an administrator entered alone', async () => {
    const db = app.services.db;
    const file2026 = shipped.find((entry) => entry.year === 2026)!;
    // Same days as the file, so other test files reading 2026 meanwhile see no difference.
    await enter({ ...file2026, source: '管理员录入', enteredBy: 'admin-1' }, at('2025-11-05T09:00'));
    try {
      await loadCalendarData(db);
      const row = await db.selectFrom('calendarYears').selectAll().where('year', '=', 2026).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ source: '管理员录入', enteredBy: 'admin-1', enteredAt: at('2025-11-05T09:00') });
    } finally {
      await db.updateTable('calendarYears').set({ enteredBy: null }).where('year', '=', 2026).execute();
      await loadCalendarData(db);
    }
    expect(await db.selectFrom('calendarYears').select('source').where('year', '=', 2026).executeTakeFirstOrThrow()).toEqual({
      source: file2026.source,
    });
  });

  it('refuses a bad file, naming the entry and the date', () => {
    const broken = structuredClone(rawFile) as CalendarYearEntry[];
    broken[1].makeupWorkdays.push({ date: '2026-02-18', name: '春节' });
    expect(() => parseCalendarData(broken)).toThrow(/holidays\.json\[1\] \(2026\): 2026-02-18 is both a holiday and a makeup workday/);
    expect(() => parseCalendarData([...broken, broken[0]])).toThrow(/holidays\.json\[2\] \(2025\): the year is listed twice/);
  });
});

describe('loadWorkingCalendar', () => {
  it('computes deadlines on the schedules in the tables', async () => {
    const calendar = await loadWorkingCalendar(app.services.db);
    expect(calendar.addWorkingTime(at('2025-09-30T16:00'), 4, 'working_hours')).toEqual({ deadline: at('2025-10-09T11:00'), assumedYears: [] });
  });
});

describe('enterCalendarYear', () => {
  it('replaces the year’s days, and the calendar no longer assumes that year', async () => {
    const db = app.services.db;
    const before = await loadWorkingCalendar(db);
    expect(before.addWorkingTime(at(`${YEAR}-02-06T16:00`), 4, 'working_hours').assumedYears).toEqual([YEAR]);

    await enter({ ...entry2035, holidays: [{ date: '2035-01-02', name: '元旦' }], enteredBy: 'admin-1' }, at('2034-11-01T09:00'));
    await enter({ ...entry2035, enteredBy: 'admin-2' }, at('2034-11-02T09:00'));

    expect(await daysOf([YEAR])).toEqual(specialDaysOf(entry2035).map((day) => ({ ...day, year: YEAR })).sort((a, b) => a.date.localeCompare(b.date)));
    const row = await db.selectFrom('calendarYears').selectAll().where('year', '=', YEAR).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source: entry2035.source, enteredBy: 'admin-2', enteredAt: at('2034-11-02T09:00') });

    const after = await loadWorkingCalendar(db);
    // Tue 6 Feb 2035 16:00 → 1.5 h; 7–8 Feb are 春节 holidays; Fri 9 Feb from 08:30 → 11:00.
    expect(after.addWorkingTime(at(`${YEAR}-02-06T16:00`), 4, 'working_hours')).toEqual({ deadline: at(`${YEAR}-02-09T11:00`), assumedYears: [] });
    expect(after.isWorkingDay(at(`${YEAR}-02-03T10:00`))).toBe(true);
  });

  it.each([
    ['a makeup workday on a Wednesday', { makeupWorkdays: [{ date: '2036-01-02' }] }, /2036-01-02 is a Wednesday/],
    ['a date outside the year', { holidays: [{ date: '2035-12-31', name: '元旦' }] }, /2035-12-31 is outside the year 2036/],
    ['a duplicate', { holidays: [{ date: '2036-01-01', name: '元旦' }, { date: '2036-01-01', name: '元旦' }] }, /2036-01-01 is listed twice/],
    ['a holiday without a name', { holidays: [{ date: '2036-01-01' }] }, /2036-01-01: every holiday needs a name/],
  ])('refuses %s, naming the date, and writes nothing', async (_case, change, message) => {
    const entry = { year: 2036, source: '通知', holidays: [{ date: '2036-01-01', name: '元旦' }], makeupWorkdays: [], ...change };
    const attempt = enter({ ...(entry as CalendarYearEntry), enteredBy: 'admin-1' }, at('2035-11-01T09:00'));
    await expect(attempt).rejects.toMatchObject({ status: 422, code: 'calendar.invalid_year', message: expect.stringMatching(message) });
    const { count } = await app.services.db
      .selectFrom('calendarYears')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('year', '=', 2036)
      .executeTakeFirstOrThrow();
    expect(count).toBe(0);
  });
});
