/** Administrators keeping the statutory calendar current: entering a year, and what needs entering. */
import type { StaffActor } from '../auth/tokens.js';
import type { Executor } from '../db/database.js';
import type { Services } from '../services.js';
import { recordAudit } from '../audit/record-audit.js';
import { enterCalendarYear } from './calendar-store.js';
import { listCalendarYears, listUnenteredAssumedYears } from './queries.js';
import type { CalendarYearEntry } from './schemas.js';

interface SaveProps {
  actor: StaffActor;
  /** As sent; `enterCalendarYear` validates it. */
  entry: CalendarYearEntry;
  ip: string;
}

/**
 * Enters a year's schedule with its audit entry in one transaction, then drops this process's
 * cached calendar so the next deadline uses it (other processes pick it up within a minute).
 */
export async function saveCalendarYear(services: Pick<Services, 'db' | 'clock' | 'calendar'>, { actor, entry, ip }: SaveProps): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    await enterCalendarYear(trx, { ...entry, enteredBy: actor.username }, now);
    await recordAudit(trx, {
      at: now,
      staffId: actor.staffId,
      username: actor.username,
      action: 'calendar.enter_year',
      targetType: 'calendar_year',
      targetId: entry.year,
      ip,
      details: { source: entry.source, holidays: entry.holidays.length, makeupWorkdays: entry.makeupWorkdays.length },
    });
  });
  // After the commit: rebuilt earlier, the calendar could be read before the new year is visible.
  services.calendar.invalidate();
}

/**
 * What an administrator must act on: deadlines of open cases computed on plain weekdays because
 * their year has no schedule, and whether next year's schedule (announced around November) is in.
 * `today` is the Beijing date.
 */
export async function findCalendarWarnings(db: Executor, today: string) {
  const nextYear = Number(today.slice(0, 4)) + 1;
  const [deadlinesInMissingYears, years] = await Promise.all([listUnenteredAssumedYears(db), listCalendarYears(db)]);
  return {
    nextYear: { year: nextYear, entered: years.some((row) => row.year === nextYear) },
    deadlinesInMissingYears,
  };
}
