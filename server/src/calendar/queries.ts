import { sql, type Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { CalendarYearTable } from '../db/schema.js';
import type { SpecialDay } from './working-calendar.js';

export type CalendarYearRow = Selectable<CalendarYearTable>;

/** Every year with an entered schedule, oldest first. */
export async function listCalendarYears(db: Executor): Promise<CalendarYearRow[]> {
  return db.selectFrom('calendarYears').select(['year', 'source', 'enteredBy', 'enteredAt']).orderBy('year').execute();
}

/** One entered year with its holidays and makeup workdays by date, or undefined when it has none. */
export async function findCalendarYear(db: Executor, year: number): Promise<{ row: CalendarYearRow; days: SpecialDay[] } | undefined> {
  const row = await db.selectFrom('calendarYears').select(['year', 'source', 'enteredBy', 'enteredAt']).where('year', '=', year).executeTakeFirst();
  if (!row) return undefined;
  const days = await db
    .selectFrom('calendarDays')
    .select((eb) => [eb.cast<string>('date', 'text').as('date'), 'kind', 'name'])
    .where('year', '=', year)
    .orderBy('date')
    .execute();
  return { row, days };
}

/**
 * Years that deadlines of clocks not yet stopped were computed in on plain weekdays and that
 * still have no entered schedule, with how many clocks each. Reads every open clock: for the
 * admin API, not for hot paths.
 */
export async function listUnenteredAssumedYears(db: Executor): Promise<Array<{ year: number; clocks: number }>> {
  const { rows } = await sql<{ year: number; clocks: number }>`
    select assumed.year, count(*)::int as clocks
    from case_clocks, unnest(case_clocks.assumed_years) as assumed (year)
    where case_clocks.stopped_at is null
      and not exists (select 1 from calendar_years where calendar_years.year = assumed.year)
    group by assumed.year
    order by assumed.year
  `.execute(db);
  return rows;
}
