/**
 * The WorkingCalendar a process computes deadlines on, kept in memory: building it reads the
 * calendar tables, and every stage clock and every lights refresh needs it.
 */
import { CachedRead } from '../db/cached-read.js';
import type { Db } from '../db/database.js';
import { loadWorkingCalendar } from './calendar-store.js';
import type { WorkingCalendar, WorkingPeriod } from './working-calendar.js';

export type CalendarProvider = CachedRead<WorkingCalendar>;

/** The provider of the process: the tables, on the configured working hours. */
export function createCalendarProvider(db: Db, hours: readonly WorkingPeriod[]): CalendarProvider {
  return new CachedRead(() => loadWorkingCalendar(db, hours));
}
