import { readFileSync } from 'node:fs';
import { parseCalendarData, specialDaysOf } from './schemas.js';
import { WorkingCalendar, type WorkingPeriod } from './working-calendar.js';
import { seededRandom } from '../test-support/seeded-random.js';

const HOUR = 3_600_000;

/** An instant given as Beijing wall-clock time. */
const at = (local: string) => new Date(`${local}+08:00`);

function shippedCalendar(hours?: WorkingPeriod[]): WorkingCalendar {
  const entries = parseCalendarData(JSON.parse(readFileSync(new URL('./data/holidays.json', import.meta.url), 'utf8')));
  return new WorkingCalendar({ years: entries.map((entry) => entry.year), specialDays: entries.flatMap(specialDaysOf), hours });
}

const calendar = shippedCalendar();

describe('working days of the shipped 2025 and 2026 schedules', () => {
  it.each([
    ['2025-09-28', true, 'makeup Sunday before National Day'],
    ['2025-01-26', true, 'makeup Sunday before 春节'],
    ['2025-10-11', true, 'makeup Saturday after National Day'],
    ['2026-01-04', true, 'makeup Sunday after 元旦'],
    ['2026-02-14', true, 'makeup Saturday before 春节'],
    ['2025-10-08', false, 'last day of the National Day block, a Wednesday'],
    ['2026-01-02', false, '元旦 2026, a Friday'],
    ['2026-02-23', false, 'last day of 春节 2026, a Monday'],
    ['2025-09-27', false, 'an ordinary Saturday'],
    ['2025-10-09', true, 'an ordinary Thursday'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    expect(calendar.isWorkingDay(at(`${date}T12:00`))).toBe(expected);
  });

  it('decides by the Beijing date, whatever the instant looks like in UTC', () => {
    // 2025-09-30T17:00Z is already 1 Oct (a holiday) in Beijing.
    expect(calendar.isWorkingDay(new Date('2025-09-30T17:00:00Z'))).toBe(false);
    expect(calendar.describeDay(new Date('2025-09-30T17:00:00Z'))).toEqual({
      date: '2025-10-01',
      isWorking: false,
      kind: 'holiday',
      name: '国庆节、中秋节',
      isAssumed: false,
    });
  });

  it('assumes plain weekdays in a year without a schedule, and says so', () => {
    expect(calendar.describeDay(at('2027-01-01T10:00'))).toMatchObject({ isWorking: true, kind: 'workday', isAssumed: true });
    expect(calendar.describeDay(at('2027-01-02T10:00'))).toMatchObject({ isWorking: false, kind: 'weekend', isAssumed: true });
    expect(calendar.missingYears(at('2026-12-30T10:00'), at('2028-03-01T10:00'))).toEqual([2027, 2028]);
    expect(calendar.missingYears(at('2026-03-01T10:00'), at('2025-03-01T10:00'))).toEqual([]);
  });
});

describe('addWorkingTime', () => {
  it('carries a 4-hour limit dispatched at 16:00 on 30 Sep 2025 over National Day to 11:00 on Thu 9 Oct', () => {
    // 1.5 h on 30 Sep (16:00–17:30); 1–8 Oct off; 2.5 h from 08:30 on 9 Oct.
    expect(calendar.addWorkingTime(at('2025-09-30T16:00'), 4, 'working_hours')).toEqual({ deadline: at('2025-10-09T11:00'), assumedYears: [] });
  });

  it('counts makeup workdays as working days', () => {
    // Sat 27 Sep 2025 is off; Sun 28 Sep is a makeup workday: 3.5 h in the morning, 0.5 h after lunch.
    expect(calendar.addWorkingTime(at('2025-09-27T10:00'), 4, 'working_hours').deadline).toEqual(at('2025-09-28T14:30'));
    // Fri 24 Jan 2025 17:00 → 0.5 h that day, Sat 25 off, Sun 26 Jan makeup: 1.5 h more by 10:00.
    expect(calendar.addWorkingTime(at('2025-01-24T17:00'), 2, 'working_hours').deadline).toEqual(at('2025-01-26T10:00'));
    // Fri 10 Oct 2025 16:00 → 1.5 h, then Sat 11 Oct is a working day.
    expect(calendar.addWorkingTime(at('2025-10-10T16:00'), 2, 'working_hours').deadline).toEqual(at('2025-10-11T09:00'));
  });

  it('skips the 2026 元旦 block and works the makeup Sunday 4 Jan', () => {
    // Wed 31 Dec 2025 17:00 → 0.5 h; Thu 1 – Sat 3 Jan off; Sun 4 Jan makeup: 0.5 h more.
    expect(calendar.addWorkingTime(at('2025-12-31T17:00'), 1, 'working_hours')).toEqual({ deadline: at('2026-01-04T09:00'), assumedYears: [] });
  });

  it('starts counting at 14:00 when dispatched over lunch', () => {
    expect(calendar.addWorkingTime(at('2025-10-13T12:30'), 2, 'working_hours').deadline).toEqual(at('2025-10-13T16:00'));
  });

  it('starts counting on the first working day after a holiday it is dispatched on', () => {
    expect(calendar.addWorkingTime(at('2025-10-02T10:00'), 1, 'working_hours').deadline).toEqual(at('2025-10-09T09:30'));
  });

  it('ends a limit used up at the end of a period at that instant, not after lunch', () => {
    expect(calendar.addWorkingTime(at('2025-10-13T08:30'), 3.5, 'working_hours').deadline).toEqual(at('2025-10-13T12:00'));
  });

  it('counts a working day as one day of working time, across 春节 2026', () => {
    expect(calendar.workingMsPerDay).toBe(7 * HOUR);
    // From Fri 13 Feb 2026 10:00: Sat 14 Feb (makeup) is day 1, 15–23 Feb off, then 24–27 Feb, Sat 28 Feb (makeup).
    const start = at('2026-02-13T10:00');
    expect(calendar.addWorkingTime(start, 1, 'working_days').deadline).toEqual(at('2026-02-14T10:00'));
    expect(calendar.addWorkingTime(start, 3, 'working_days').deadline).toEqual(at('2026-02-25T10:00'));
    expect(calendar.addWorkingTime(start, 6, 'working_days').deadline).toEqual(at('2026-02-28T10:00'));
    // Dispatched after hours, a working day is the whole of the next working day.
    expect(calendar.addWorkingTime(at('2026-02-13T18:00'), 1, 'working_days').deadline).toEqual(at('2026-02-14T17:30'));
    expect(calendar.addWorkingTime(at('2026-02-14T17:30'), 1, 'working_days').deadline).toEqual(at('2026-02-24T17:30'));
  });

  it('runs natural hours on the clock alone', () => {
    expect(calendar.addWorkingTime(at('2025-09-30T16:00'), 24, 'natural_hours')).toEqual({ deadline: at('2025-10-01T16:00'), assumedYears: [] });
  });

  it('reports 2027 as assumed and uses plain weekdays there', () => {
    // 31 Dec 2026 (Thu) 16:00 → 1.5 h; Fri 1 Jan 2027 is taken as an ordinary Friday.
    expect(calendar.addWorkingTime(at('2026-12-31T16:00'), 4, 'working_hours')).toEqual({ deadline: at('2027-01-01T11:00'), assumedYears: [2027] });
    expect(calendar.addWorkingTime(at('2026-12-31T16:00'), 1, 'working_hours').assumedYears).toEqual([]);
  });

  it('returns the start for a zero amount and refuses a negative one', () => {
    expect(calendar.addWorkingTime(at('2025-10-03T10:00'), 0, 'working_hours').deadline).toEqual(at('2025-10-03T10:00'));
    expect(() => calendar.addWorkingTime(at('2025-10-03T10:00'), -1, 'working_hours')).toThrow(RangeError);
  });
});

describe('workingTimeBetween', () => {
  it('skips the weekend and the lunch break', () => {
    // Fri 17 Oct 2025 16:00–17:30 and Mon 20 Oct 08:30–10:00.
    expect(calendar.workingTimeBetween(at('2025-10-17T16:00'), at('2025-10-20T10:00'))).toBe(3 * HOUR);
    expect(calendar.workingTimeBetween(at('2025-10-20T11:00'), at('2025-10-20T15:00'))).toBe(2 * HOUR);
    expect(calendar.workingTimeBetween(at('2025-10-20T12:10'), at('2025-10-20T13:50'))).toBe(0);
  });

  it('is negative past a deadline, by the working time overdue', () => {
    expect(calendar.workingTimeBetween(at('2025-10-20T15:00'), at('2025-10-20T11:00'))).toBe(-2 * HOUR);
  });

  it('gives back the amount added, from any start', () => {
    const random = seededRandom(20251001);
    const from = at('2024-12-20T00:00').getTime();
    const span = at('2027-01-10T00:00').getTime() - from;
    for (let i = 0; i < 500; i += 1) {
      const start = new Date(from + Math.floor(random() * span));
      const unit = random() < 0.5 ? 'working_hours' : 'working_days';
      const minutes = unit === 'working_hours' ? Math.ceil(random() * 120 * 60) : Math.ceil(random() * 30) * 7 * 60;
      const amount = unit === 'working_hours' ? minutes / 60 : minutes / (7 * 60);
      const { deadline } = calendar.addWorkingTime(start, amount, unit);
      const expected = minutes * 60_000;
      expect({ start, amount, unit, between: calendar.workingTimeBetween(start, deadline) }).toEqual({ start, amount, unit, between: expected });
      expect(calendar.isWorkingDay(deadline)).toBe(true);
    }
  });
});

describe('subtractWorkingTime', () => {
  it('walks back over lunch, the weekend and National Day 2025', () => {
    expect(calendar.subtractWorkingTime(at('2025-10-20T14:30'), HOUR)).toEqual(at('2025-10-20T11:30'));
    expect(calendar.subtractWorkingTime(at('2025-10-20T14:30'), HOUR / 2)).toEqual(at('2025-10-20T12:00'));
    // 2.5 h on Thu 9 Oct back to 08:30, 1–8 Oct off, 1.5 h on Tue 30 Sep: the inverse of the National Day case.
    expect(calendar.subtractWorkingTime(at('2025-10-09T11:00'), 4 * HOUR)).toEqual(at('2025-09-30T16:00'));
    expect(calendar.subtractWorkingTime(at('2025-10-09T11:00'), 0)).toEqual(at('2025-10-09T11:00'));
    expect(() => calendar.subtractWorkingTime(at('2025-10-09T11:00'), -1)).toThrow(RangeError);
  });

  it('counts the makeup Sunday 28 Sep 2025', () => {
    // From Tue 30 Sep 08:30: Mon 29 Sep is 7 h, then 1 h more on Sun 28 Sep, ending at 17:30.
    expect(calendar.subtractWorkingTime(at('2025-09-30T08:30'), 8 * HOUR)).toEqual(at('2025-09-28T16:30'));
  });
});

describe('configurable working hours', () => {
  it('counts the periods it is given', () => {
    const summerHours = shippedCalendar([
      { start: '08:30', end: '12:00' },
      { start: '14:30', end: '18:00' },
    ]);
    expect(summerHours.addWorkingTime(at('2025-07-01T12:30'), 1, 'working_hours').deadline).toEqual(at('2025-07-01T15:30'));
    expect(summerHours.addWorkingTime(at('2025-07-01T17:00'), 1, 'working_days').deadline).toEqual(at('2025-07-02T17:00'));
  });

  it.each([
    [[], /at least one/],
    [[{ start: '14:00', end: '12:00' }], /ends before it starts/],
    [[{ start: '08:30', end: '12:00' }, { start: '11:00', end: '17:00' }], /overlaps/],
    [[{ start: '8:30', end: '12:00' }], /HH:MM/],
  ])('refuses bad periods %j', (hours, message) => {
    expect(() => shippedCalendar(hours as WorkingPeriod[])).toThrow(message);
  });
});
