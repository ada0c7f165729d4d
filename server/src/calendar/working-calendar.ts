/**
 * The statutory working calendar that case deadlines run on (CJJ/T 106 practice): working hours
 * count only inside the working periods of working days, and working days follow the State
 * Council's holiday schedule, including the 调休 makeup workdays that turn a weekend day into a
 * working day. Pure: built from data, no database, no clock.
 *
 * All day arithmetic is China Standard Time (UTC+8, no daylight saving since 1991) done with a
 * fixed offset, so results never depend on the server's TZ setting.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const CHINA_OFFSET_MS = 8 * HOUR_MS;

export type SpecialDayKind = 'holiday' | 'makeup_workday';

/** One day of a State Council schedule; `date` is the Beijing calendar date, YYYY-MM-DD. */
export interface SpecialDay {
  date: string;
  kind: SpecialDayKind;
  /** The holiday, e.g. 春节; for a makeup workday the holiday it makes up for, when known. */
  name: string | null;
}

/** A period of the working day in Beijing time, 'HH:MM'–'HH:MM' ('24:00' allowed as an end). */
export interface WorkingPeriod {
  start: string;
  end: string;
}

export type TimeLimitUnit = 'working_hours' | 'working_days' | 'natural_hours';

/** 08:30–12:00 and 14:00–17:30: the usual hours of a 城管 office, 7 working hours a day. */
export const DEFAULT_WORKING_HOURS: readonly WorkingPeriod[] = [
  { start: '08:30', end: '12:00' },
  { start: '14:00', end: '17:30' },
];

export interface WorkingCalendarInput {
  /** Years whose schedule has been entered; a year missing here is computed on plain weekdays. */
  years: number[];
  /** The holidays and makeup workdays of those years. */
  specialDays: SpecialDay[];
  hours?: readonly WorkingPeriod[];
}

/** What the calendar says about one Beijing date. */
export interface CalendarDay {
  date: string;
  isWorking: boolean;
  kind: 'workday' | 'weekend' | SpecialDayKind;
  name: string | null;
  /** True when the year has no schedule entered and plain weekdays were assumed. */
  isAssumed: boolean;
}

export interface DeadlineResult {
  deadline: Date;
  /** Years between start and deadline without an entered schedule: the caller should warn. */
  assumedYears: number[];
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Days since 1970-01-01 of the Beijing date an instant falls on. */
function dayNumberOf(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

/** The instant a Beijing day begins (00:00 +08:00). */
function dayStartMs(dayNumber: number): number {
  return dayNumber * DAY_MS - CHINA_OFFSET_MS;
}

/** The day as a UTC-midnight Date: its UTC fields are the Beijing date's fields. */
function civilDate(dayNumber: number): Date {
  return new Date(dayNumber * DAY_MS);
}

/** 'YYYY-MM-DD' of the Beijing date an instant falls on. */
function chinaDateOf(instant: Date): string {
  return civilDate(dayNumberOf(instant.getTime())).toISOString().slice(0, 10);
}

/** English weekday name of a YYYY-MM-DD date, for messages that name a day. */
export function weekdayNameOf(date: string): string {
  return WEEKDAY_NAMES[new Date(`${date}T00:00:00Z`).getUTCDay()];
}

function parseClock(text: string): number {
  const match = /^([01][0-9]|2[0-4]):([0-5][0-9])$/.exec(text);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!(minutes <= 24 * 60)) throw new RangeError(`working hours: ${text} is not a time of day HH:MM`);
  return minutes * MINUTE_MS;
}

function parsePeriods(hours: readonly WorkingPeriod[]): { startMs: number; endMs: number }[] {
  if (hours.length === 0) throw new RangeError('working hours: at least one period is needed');
  const periods = hours.map((period) => ({ startMs: parseClock(period.start), endMs: parseClock(period.end) }));
  periods.forEach((period, index) => {
    const label = `${hours[index].start}–${hours[index].end}`;
    if (period.startMs >= period.endMs) throw new RangeError(`working hours: ${label} ends before it starts`);
    if (index > 0 && period.startMs < periods[index - 1].endMs) {
      throw new RangeError(`working hours: ${label} overlaps or precedes the period before it`);
    }
  });
  return periods;
}

/**
 * Answers "is this a working day", "when is this time limit due" and "how much working time is
 * between these instants" on the statutory calendar.
 *
 * Time limit units:
 * - `working_hours`: counted only inside the working periods of working days. A start outside
 *   working time (lunch, evening, weekend, holiday) begins counting at the next working period.
 * - `working_days`: one working day is the working time of one full day (7 hours with the
 *   default periods), counted the same way as working hours. Dispatched on a working day at
 *   10:00, a 1-working-day limit is due at 10:00 on the next working day; dispatched after hours,
 *   at the end of the next working day. Every unit is then measured in the one currency of
 *   working milliseconds, so pausing a clock (挂账, 延期), showing the time left and the
 *   yellow/red lights treat hours and days alike, and a case dispatched late in the afternoon
 *   gets the same full working day as one dispatched in the morning.
 * - `natural_hours`: elapsed time, for urgent categories; the calendar is not consulted.
 *
 * A deadline is the earliest instant by which the limit's working time has elapsed since the
 * start, so a limit used up exactly at 12:00 is due at 12:00, not at 14:00.
 */
export class WorkingCalendar {
  /** Working time in one working day, in milliseconds (7 hours with the default periods). */
  readonly workingMsPerDay: number;
  private readonly periods: { startMs: number; endMs: number }[];
  private readonly knownYears: ReadonlySet<number>;
  private readonly specialDays: ReadonlyMap<string, SpecialDay>;

  constructor(input: WorkingCalendarInput) {
    this.periods = parsePeriods(input.hours ?? DEFAULT_WORKING_HOURS);
    this.workingMsPerDay = this.periods.reduce((sum, period) => sum + period.endMs - period.startMs, 0);
    this.knownYears = new Set(input.years);
    const specialDays = new Map<string, SpecialDay>();
    for (const day of input.specialDays) {
      // A day of a year not listed would be silently ignored otherwise: the input is inconsistent.
      if (!this.knownYears.has(Number(day.date.slice(0, 4)))) {
        throw new RangeError(`special day ${day.date} belongs to a year that is not listed`);
      }
      specialDays.set(day.date, day);
    }
    this.specialDays = specialDays;
  }

  /** What the calendar says about the Beijing date the instant falls on. */
  describeDay(instant: Date): CalendarDay {
    return this.describeDayNumber(dayNumberOf(instant.getTime()));
  }

  /**
   * Whether the Beijing date of the instant is a working day: a weekday unless it is a holiday,
   * a weekend day only when it is a makeup workday. In a year without an entered schedule plain
   * weekdays are assumed; `describeDay(...).isAssumed` and `missingYears` tell the caller so.
   */
  isWorkingDay(instant: Date): boolean {
    return this.describeDayNumber(dayNumberOf(instant.getTime())).isWorking;
  }

  /**
   * The deadline of a time limit of `amount` units started at `start` (see the class comment for
   * the units). `amount` may be fractional (a paused clock resumes with what was left); it must
   * not be negative.
   */
  addWorkingTime(start: Date, amount: number, unit: TimeLimitUnit): DeadlineResult {
    if (!Number.isFinite(amount) || amount < 0) throw new RangeError(`time limit amount must be >= 0, got ${amount}`);
    if (unit === 'natural_hours') return { deadline: new Date(start.getTime() + Math.round(amount * HOUR_MS)), assumedYears: [] };
    const unitMs = unit === 'working_days' ? this.workingMsPerDay : HOUR_MS;
    let remaining = Math.round(amount * unitMs);
    let deadlineMs = start.getTime();
    if (remaining > 0) {
      for (const [periodStart, periodEnd] of this.workingPeriodsFrom(start.getTime())) {
        if (remaining <= periodEnd - periodStart) {
          deadlineMs = periodStart + remaining;
          break;
        }
        remaining -= periodEnd - periodStart;
      }
    }
    const deadline = new Date(deadlineMs);
    return { deadline, assumedYears: this.missingYears(start, deadline) };
  }

  /**
   * Working time from `start` to `end` in milliseconds: what a clock has used, or has left until
   * a deadline. Negative when `end` is before `start`, so the time left to an overdue deadline
   * comes out as minus the working time it is overdue by.
   */
  workingTimeBetween(start: Date, end: Date): number {
    const startMs = start.getTime();
    const endMs = end.getTime();
    if (endMs < startMs) return -this.workingTimeBetween(end, start);
    let total = 0;
    for (const [periodStart, periodEnd] of this.workingPeriodsFrom(startMs)) {
      if (periodStart >= endMs) break;
      total += Math.min(periodEnd, endMs) - periodStart;
    }
    return total;
  }

  /**
   * The instant `workingMs` of working time before `end`: where a deadline lies that `end` is
   * that much working time past, so a clock paused while overdue resumes exactly as overdue.
   * Of the instants that qualify, the earliest, as addWorkingTime picks: half a working hour
   * before 14:30 is 12:00, not 14:00, so a deadline paused and resumed at once stays where it was.
   */
  subtractWorkingTime(end: Date, workingMs: number): Date {
    if (!Number.isFinite(workingMs) || workingMs < 0) throw new RangeError(`working time must be >= 0, got ${workingMs}`);
    let remaining = Math.round(workingMs);
    let instantMs = end.getTime();
    if (remaining > 0) {
      for (const [periodStart, periodEnd] of this.workingPeriodsBefore(end.getTime())) {
        if (remaining < periodEnd - periodStart) {
          instantMs = periodEnd - remaining;
          break;
        }
        remaining -= periodEnd - periodStart;
      }
    }
    return new Date(instantMs);
  }

  /** Years from `from` to `to` (Beijing dates, either order) that have no entered schedule. */
  missingYears(from: Date, to: Date): number[] {
    const [first, last] = [chinaDateOf(from), chinaDateOf(to)].map((date) => Number(date.slice(0, 4))).sort((a, b) => a - b);
    const missing: number[] = [];
    for (let year = first; year <= last; year += 1) if (!this.knownYears.has(year)) missing.push(year);
    return missing;
  }

  private describeDayNumber(dayNumber: number): CalendarDay {
    const civil = civilDate(dayNumber);
    const date = civil.toISOString().slice(0, 10);
    const weekday = civil.getUTCDay();
    const isWeekend = weekday === 0 || weekday === 6;
    const special = this.specialDays.get(date);
    if (special) {
      return { date, isWorking: special.kind === 'makeup_workday', kind: special.kind, name: special.name, isAssumed: false };
    }
    const isAssumed = !this.knownYears.has(civil.getUTCFullYear());
    return { date, isWorking: !isWeekend, kind: isWeekend ? 'weekend' : 'workday', name: null, isAssumed };
  }

  /**
   * The working periods from an instant on, as [start, end) instants, the first one clipped to
   * begin at the instant. Endless; callers stop when they have what they need. Terminates for any
   * calendar: a year without a schedule always has weekdays.
   */
  private *workingPeriodsFrom(fromMs: number): Generator<[number, number]> {
    for (let dayNumber = dayNumberOf(fromMs); ; dayNumber += 1) {
      if (!this.describeDayNumber(dayNumber).isWorking) continue;
      const dayStart = dayStartMs(dayNumber);
      for (const period of this.periods) {
        const periodStart = Math.max(dayStart + period.startMs, fromMs);
        const periodEnd = dayStart + period.endMs;
        if (periodStart < periodEnd) yield [periodStart, periodEnd];
      }
    }
  }

  /** The working periods before an instant, latest first, the first one clipped to end at it. Endless. */
  private *workingPeriodsBefore(toMs: number): Generator<[number, number]> {
    const latestFirst = [...this.periods].reverse();
    for (let dayNumber = dayNumberOf(toMs); ; dayNumber -= 1) {
      if (!this.describeDayNumber(dayNumber).isWorking) continue;
      const dayStart = dayStartMs(dayNumber);
      for (const period of latestFirst) {
        const periodStart = dayStart + period.startMs;
        const periodEnd = Math.min(dayStart + period.endMs, toMs);
        if (periodStart < periodEnd) yield [periodStart, periodEnd];
      }
    }
  }
}
