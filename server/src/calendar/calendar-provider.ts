/**
 * The WorkingCalendar a process computes deadlines on, kept in memory: building it reads the
 * calendar tables, and every stage clock and every lights refresh needs it.
 */
import type { Db } from '../db/database.js';
import { loadWorkingCalendar } from './calendar-store.js';
import type { WorkingCalendar, WorkingPeriod } from './working-calendar.js';

/** How long a built calendar is used before the tables are read again. */
const MAX_AGE_MS = 60_000;

export class CalendarProvider {
  private cached: { calendar: Promise<WorkingCalendar>; builtAtMs: number } | null = null;

  /**
   * @param build reads the tables and builds the calendar.
   * @param elapsedMs real (monotonic) time, not the business Clock: the age bounds how late a year
   *   another process entered reaches this one, which is about wall time passing.
   */
  constructor(
    private readonly build: () => Promise<WorkingCalendar>,
    private readonly elapsedMs: () => number = () => performance.now(),
  ) {}

  /** The calendar from the tables as of at most a minute ago (or since `invalidate`). */
  get(): Promise<WorkingCalendar> {
    const nowMs = this.elapsedMs();
    if (!this.cached || nowMs - this.cached.builtAtMs >= MAX_AGE_MS) {
      const entry = { calendar: this.build(), builtAtMs: nowMs };
      // A failed read is not kept: the next caller tries again.
      entry.calendar.catch(() => {
        if (this.cached === entry) this.cached = null;
      });
      this.cached = entry;
    }
    return this.cached.calendar;
  }

  /** Drops the cached calendar; call after this process changed the calendar tables. */
  invalidate(): void {
    this.cached = null;
  }
}

/** The provider of the process: the tables, on the configured working hours. */
export function createCalendarProvider(db: Db, hours: readonly WorkingPeriod[]): CalendarProvider {
  return new CalendarProvider(() => loadWorkingCalendar(db, hours));
}
