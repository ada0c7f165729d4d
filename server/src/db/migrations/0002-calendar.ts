import { sql, type Kysely } from 'kysely';

/** The statutory working calendar: years with an entered State Council schedule and their special days. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A year is listed once its schedule is entered; deadlines in unlisted years assume plain
    -- weekdays and are flagged. entered_by is null for years seeded from the shipped data file.
    create table calendar_years (
      year integer primary key check (year between 2000 and 2100),
      source text not null,
      entered_by text,
      entered_at timestamptz not null default now()
    );

    -- Only the exceptions are stored: holidays (weekend days inside a holiday block included) and
    -- 调休 makeup workdays; every other day is a weekday or a weekend day by the week.
    create table calendar_days (
      date date primary key,
      year integer not null references calendar_years (year) on delete cascade,
      kind text not null check (kind in ('holiday', 'makeup_workday')),
      name text,
      check (extract(year from date) = year),
      check (kind = 'makeup_workday' or name is not null),
      check (kind = 'holiday' or extract(isodow from date) in (6, 7))
    );
  `.execute(db);
}
