import { readFileSync } from 'node:fs';
import { parseCalendarData, specialDaysOf } from '../calendar/schemas.js';
import { WorkingCalendar } from '../calendar/working-calendar.js';
import { seededRandom } from '../test-support/seeded-random.js';
import {
  deadlineAfter,
  describeClock,
  extensionMsOf,
  lightJudge,
  lightOf,
  presentDeadlines,
  stageLimitOf,
  timeLeft,
  type CaseClockRow,
  type StageLimits,
} from './clocks.js';

const HOUR = 3_600_000;
const YELLOW = 0.2;

/** An instant given as Beijing wall-clock time. */
const at = (local: string) => new Date(`${local}+08:00`);

const entries = parseCalendarData(JSON.parse(readFileSync(new URL('../calendar/data/holidays.json', import.meta.url), 'utf8')));
const calendar = new WorkingCalendar({ years: entries.map((entry) => entry.year), specialDays: entries.flatMap(specialDaysOf) });

/** 暴露垃圾: 4 working hours to handle. */
const garbage: StageLimits = { timeLimitValue: 4, timeLimitUnit: 'working_hours', acceptLimitHours: 1, registerLimitHours: 2, dispatchLimitHours: 0.5 };

describe('stage limits', () => {
  it('takes the first three stages from the category’s hours and 处置 from its time limit', () => {
    expect(stageLimitOf(garbage, 'accept', calendar)).toEqual({ kind: 'working', limitMs: HOUR });
    expect(stageLimitOf(garbage, 'register', calendar)).toEqual({ kind: 'working', limitMs: 2 * HOUR });
    expect(stageLimitOf(garbage, 'dispatch', calendar)).toEqual({ kind: 'working', limitMs: HOUR / 2 });
    expect(stageLimitOf(garbage, 'handle', calendar)).toEqual({ kind: 'working', limitMs: 4 * HOUR });
  });

  it('makes a working day one day of working time, and runs a natural-hours category on natural clocks', () => {
    expect(stageLimitOf({ ...garbage, timeLimitValue: 5, timeLimitUnit: 'working_days' }, 'handle', calendar)).toEqual({ kind: 'working', limitMs: 35 * HOUR });
    const urgent = { ...garbage, timeLimitValue: 24, timeLimitUnit: 'natural_hours' as const };
    expect(stageLimitOf(urgent, 'handle', calendar)).toEqual({ kind: 'natural', limitMs: 24 * HOUR });
    expect(stageLimitOf(urgent, 'accept', calendar)).toEqual({ kind: 'natural', limitMs: HOUR });
  });
});

describe('deadlines on the 2025 statutory calendar', () => {
  it('carries a 4-working-hour 处置 dispatched at 16:00 on 30 Sep 2025 over National Day to 11:00 on Thu 9 Oct', () => {
    const { limitMs } = stageLimitOf(garbage, 'handle', calendar);
    // 1.5 h on 30 Sep (16:00–17:30); 1–8 Oct off; 2.5 h from 08:30 on 9 Oct.
    expect(deadlineAfter('working', at('2025-09-30T16:00'), limitMs, calendar)).toEqual(at('2025-10-09T11:00'));
  });

  it('counts the makeup Sunday 28 Sep 2025 as a working day', () => {
    // Fri 26 Sep 16:00–17:30 is 1.5 h, Sat 27 is off, Sun 28 is worked: 2.5 h from 08:30.
    expect(deadlineAfter('working', at('2025-09-26T16:00'), 4 * HOUR, calendar)).toEqual(at('2025-09-28T11:00'));
  });

  it('runs a natural clock straight through the holiday', () => {
    expect(deadlineAfter('natural', at('2025-09-30T16:00'), 24 * HOUR, calendar)).toEqual(at('2025-10-01T16:00'));
  });
});

describe('pausing and resuming', () => {
  it('keeps the working time left over 挂账', () => {
    const due = at('2025-10-09T11:00');
    // Paused at 16:30 on 30 Sep after half an hour: 3.5 h left.
    const left = timeLeft('working', due, at('2025-09-30T16:30'), calendar);
    expect(left).toBe(3.5 * HOUR);
    // Resumed Mon 13 Oct 09:00: 3 h to noon, the last half hour after lunch.
    expect(deadlineAfter('working', at('2025-10-13T09:00'), left, calendar)).toEqual(at('2025-10-13T14:30'));
  });

  it('resumes a clock paused overdue just as overdue, counting the makeup Saturday 11 Oct', () => {
    // Due 11:00 on 9 Oct, paused at 12:00: one working hour late.
    const left = timeLeft('working', at('2025-10-09T11:00'), at('2025-10-09T12:00'), calendar);
    expect(left).toBe(-HOUR);
    // Resumed Mon 13 Oct 09:00: half an hour that morning, then back to Sat 11 Oct, a working day, 17:00.
    const due = deadlineAfter('working', at('2025-10-13T09:00'), left, calendar);
    expect(due).toEqual(at('2025-10-11T17:00'));
    expect(timeLeft('working', due, at('2025-10-13T09:00'), calendar)).toBe(-HOUR);
  });

  it('keeps plain time on a natural clock', () => {
    const left = timeLeft('natural', at('2025-10-01T16:00'), at('2025-10-01T10:00'), calendar);
    expect(left).toBe(6 * HOUR);
    expect(deadlineAfter('natural', at('2025-10-05T08:00'), left, calendar)).toEqual(at('2025-10-05T14:00'));
    expect(deadlineAfter('natural', at('2025-10-05T08:00'), -HOUR, calendar)).toEqual(at('2025-10-05T07:00'));
  });
});

describe('extensions', () => {
  it('moves a working deadline by working hours and working days', () => {
    const due = at('2025-10-09T11:00');
    // 11:00–12:00, then 14:00–15:00.
    expect(deadlineAfter('working', due, extensionMsOf('working', { amount: 2, unit: 'hours' }, calendar), calendar)).toEqual(at('2025-10-09T15:00'));
    expect(extensionMsOf('working', { amount: 1, unit: 'days' }, calendar)).toBe(7 * HOUR);
    expect(deadlineAfter('working', due, 7 * HOUR, calendar)).toEqual(at('2025-10-10T11:00'));
    // From Fri 10 Oct 11:00 one working day reaches into Sat 11 Oct, a makeup workday.
    expect(deadlineAfter('working', at('2025-10-10T11:00'), 7 * HOUR, calendar)).toEqual(at('2025-10-11T11:00'));
  });

  it('makes a day 24 hours on a natural clock', () => {
    expect(extensionMsOf('natural', { amount: 1, unit: 'days' }, calendar)).toBe(24 * HOUR);
    expect(extensionMsOf('natural', { amount: 1.5, unit: 'hours' }, calendar)).toBe(1.5 * HOUR);
  });
});

describe('lights', () => {
  // 10 working hours from Mon 13 Oct 2025 08:30: 7 h that day, 3 h on Tue 14 Oct, due 11:30.
  const clock = { kind: 'working' as const, limitMs: 10 * HOUR, dueAt: at('2025-10-14T11:30') };

  it('is green with 81 % left, yellow with 19 % left, red from the deadline', () => {
    expect(lightOf(clock, at('2025-10-13T10:24'), calendar, YELLOW)).toBe('green'); // 8.1 h left
    expect(lightOf(clock, at('2025-10-14T09:36'), calendar, YELLOW)).toBe('yellow'); // 1.9 h left
    expect(lightOf(clock, at('2025-10-14T09:30'), calendar, YELLOW)).toBe('green'); // exactly 20 % left
    expect(lightOf(clock, at('2025-10-14T11:30'), calendar, YELLOW)).toBe('red');
    expect(lightOf(clock, at('2025-10-20T09:00'), calendar, YELLOW)).toBe('red');
  });

  it('counts what is left in working time, not on the wall clock', () => {
    // Mon 17:30 to Tue 11:30 is 18 hours on the wall, but 3 working hours: 30 %, green; at 08:30 Tue still 3 h.
    expect(lightOf(clock, at('2025-10-13T17:30'), calendar, YELLOW)).toBe('green');
    expect(lightOf(clock, at('2025-10-14T08:30'), calendar, YELLOW)).toBe('green');
    expect(lightOf({ ...clock, limitMs: 20 * HOUR }, at('2025-10-13T22:00'), calendar, YELLOW)).toBe('yellow');
  });

  it('judges natural clocks on plain time', () => {
    const natural = { kind: 'natural' as const, limitMs: 24 * HOUR, dueAt: at('2025-10-02T16:00') };
    expect(lightOf(natural, at('2025-10-01T20:34'), calendar, YELLOW)).toBe('green'); // 19.44 h of 24 left (81 %)
    expect(lightOf(natural, at('2025-10-02T11:26'), calendar, YELLOW)).toBe('yellow'); // 4.56 h left (19 %)
    expect(lightOf(natural, at('2025-10-02T16:00'), calendar, YELLOW)).toBe('red');
  });

  it('agrees with "time left < fraction × limit" for any clock and instant', () => {
    const random = seededRandom(20251001);
    const now = at('2025-09-29T15:17');
    const judge = lightJudge(now, calendar, YELLOW);
    for (let i = 0; i < 400; i += 1) {
      const kind = random() < 0.5 ? ('working' as const) : ('natural' as const);
      const limitMs = Math.ceil(random() * 40) * (HOUR / 4);
      const dueAt = new Date(now.getTime() + Math.floor((random() - 0.1) * 20 * 24 * HOUR));
      const left = timeLeft(kind, dueAt, now, calendar);
      const expected = dueAt <= now ? 'red' : left < YELLOW * limitMs ? 'yellow' : 'green';
      expect({ kind, limitMs, dueAt, light: judge({ kind, limitMs, dueAt }) }).toEqual({ kind, limitMs, dueAt, light: expected });
    }
  });
});

describe('the case detail’s deadlines', () => {
  const row = (fields: Partial<CaseClockRow>): CaseClockRow => ({
    id: 1,
    caseId: 7,
    stage: 'handle',
    kind: 'working',
    limitMs: 4 * HOUR,
    startedAt: at('2025-09-30T16:00'),
    dueAt: at('2025-10-09T11:00'),
    pausedAt: null,
    remainingMs: null,
    stoppedAt: null,
    overdueAt: null,
    assumedYears: [],
    ...fields,
  });

  it('shows a running clock with the working time left and its light', () => {
    expect(describeClock(row({}), at('2025-10-09T10:30'), calendar, YELLOW)).toMatchObject({
      dueAt: at('2025-10-09T11:00'),
      remainingMs: HOUR / 2,
      light: 'yellow',
    });
  });

  it('shows a paused clock without a deadline, and a stopped one with how late it stopped', () => {
    const paused = row({ pausedAt: at('2025-09-30T16:30'), remainingMs: 3.5 * HOUR });
    expect(describeClock(paused, at('2025-10-20T10:00'), calendar, YELLOW)).toMatchObject({ dueAt: null, remainingMs: 3.5 * HOUR, light: 'none' });
    const late = row({ stoppedAt: at('2025-10-09T14:30'), overdueAt: at('2025-10-09T11:01') });
    expect(describeClock(late, at('2025-10-20T10:00'), calendar, YELLOW)).toMatchObject({ remainingMs: -1.5 * HOUR, light: 'none' });
  });

  it('presents instants as ISO strings', () => {
    const [deadline] = presentDeadlines([row({ assumedYears: [2027] })], at('2025-10-01T10:00'), calendar, YELLOW);
    expect(deadline).toEqual({
      stage: 'handle',
      kind: 'working',
      startedAt: '2025-09-30T08:00:00.000Z',
      dueAt: '2025-10-09T03:00:00.000Z',
      pausedAt: null,
      stoppedAt: null,
      overdueAt: null,
      limitMs: 4 * HOUR,
      remainingMs: 2.5 * HOUR,
      light: 'green',
      assumedYears: [2027],
    });
  });
});
