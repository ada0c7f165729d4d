/**
 * The calendar's tables: seeding the shipped schedules, administrators entering later years, and
 * building the WorkingCalendar that deadlines are computed on.
 *
 * Ownership of a year: a year seeded from data/holidays.json (entered_by null) follows the file
 * on every boot, so a corrected file reaches the database; once an administrator enters a year,
 * their entry wins and the file no longer touches it.
 */
import { readFile } from 'node:fs/promises';
import type { Db, Executor, Trx } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { checkCalendarYearEntry, parseCalendarData, specialDaysOf, type CalendarYearEntry } from './schemas.js';
import { WorkingCalendar, type WorkingPeriod } from './working-calendar.js';

async function readCalendarData(): Promise<unknown> {
  // Resolved against this module, so it works from any working directory, under tsx and Jest alike.
  const file = new URL('./data/holidays.json', import.meta.url);
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read calendar data ${file.pathname}: ${(error as Error).message}`);
  }
}

/** Replaces the special days of a year whose row the transaction has already written (and so locked). */
async function replaceDays(trx: Trx, entry: CalendarYearEntry): Promise<void> {
  await trx.deleteFrom('calendarDays').where('year', '=', entry.year).execute();
  const rows = specialDaysOf(entry).map((day) => ({ ...day, year: entry.year }));
  // A valid entry always has holidays, so there is always something to insert.
  await trx.insertInto('calendarDays').values(rows).execute();
}

/**
 * Seeds the schedules of data/holidays.json (validated first: a bad file throws, naming the entry
 * and the date) in one transaction. Idempotent and safe to run from several processes at once:
 * the upsert of a year's row locks it, so concurrent loaders replace its days one after another.
 * Years an administrator has entered are left alone.
 */
export async function loadCalendarData(db: Db): Promise<void> {
  const entries = parseCalendarData(await readCalendarData());
  await db.transaction().execute(async (trx) => {
    for (const entry of entries) {
      const fileOwned = await trx
        .insertInto('calendarYears')
        .values({ year: entry.year, source: entry.source })
        .onConflict((conflict) =>
          conflict
            .column('year')
            .doUpdateSet((eb) => ({ source: eb.ref('excluded.source') }))
            .where('calendarYears.enteredBy', 'is', null),
        )
        .returning('year')
        .executeTakeFirst();
      if (fileOwned) await replaceDays(trx, entry);
    }
  });
}

/**
 * Builds the WorkingCalendar from the tables. Cheap (a few dozen rows a year), but callers that
 * compute many deadlines should build it once and rebuild after `enterCalendarYear`.
 */
export async function loadWorkingCalendar(db: Executor, hours?: readonly WorkingPeriod[]): Promise<WorkingCalendar> {
  const years = await db.selectFrom('calendarYears').select('year').execute();
  const specialDays = await db
    .selectFrom('calendarDays')
    .select((eb) => [eb.cast<string>('date', 'text').as('date'), 'kind', 'name'])
    .execute();
  return new WorkingCalendar({ years: years.map((row) => row.year), specialDays, hours });
}

export interface EnterCalendarYearProps extends CalendarYearEntry {
  /** Who entered it (the administrator's account), recorded with the year. */
  enteredBy: string;
}

/**
 * Enters (or re-enters) one year's schedule for the admin API: validates it with
 * `calendarYearEntrySchema` (dates inside the year, no duplicates, no day both a holiday and a
 * makeup workday, makeup workdays on weekends, named holidays) and replaces the year's days in the
 * caller's transaction (which also records who did it). Throws AppError 422
 * `calendar.invalid_year` listing every problem by date.
 */
export async function enterCalendarYear(trx: Trx, { enteredBy, ...raw }: EnterCalendarYearProps, now: Date): Promise<void> {
  const { value: entry, problems } = checkCalendarYearEntry(raw);
  if (problems.length > 0) {
    throw AppError.unprocessable('calendar.invalid_year', `the schedule for ${raw.year} is not valid: ${problems.join('; ')}`);
  }
  await trx
    .insertInto('calendarYears')
    .values({ year: entry.year, source: entry.source, enteredBy, enteredAt: now })
    .onConflict((conflict) => conflict.column('year').doUpdateSet({ source: entry.source, enteredBy, enteredAt: now }))
    .execute();
  await replaceDays(trx, entry);
}
