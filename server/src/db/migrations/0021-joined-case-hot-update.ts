import { sql, type Kysely } from 'kysely';

/**
 * A report that joins a case updates it in place (#3, intake throughput). The update sets the
 * case's latest report time, and `last_reported_at` was a key of the dedup index, so every such
 * update wrote a new version of the row into every index of `cases` (seven, one of them GiST):
 * on 1,000,000 cases, where 60 % of reports join one, that was 15 % of PostgreSQL's CPU per
 * report (`bench:intake-sql` with and without it: 1.50 against 1.27 ms).
 *
 * Now the index keys on the hour of the latest report (`last_reported_hour`, UTC, generated from
 * `last_reported_at`, so it changes at most hourly), the dedup search narrows by it and checks
 * the exact time on the row of the nearest candidates only, and `cases` leaves a tenth of each
 * page free: a join within the hour changes no indexed column and finds room on its page, so
 * PostgreSQL writes it as a HOT update, which touches no index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table cases set (fillfactor = 90);
    -- Rewrites the table (at the new fillfactor): a stored generated column.
    alter table cases add column last_reported_hour timestamp
      generated always as (date_trunc('hour', last_reported_at at time zone 'UTC')) stored;

    drop index cases_open_by_cell;
    create index cases_open_by_cell on cases (category_code, h3_cell, last_reported_hour) include (id, lat, lng)
      where status not in ('closed', 'rejected', 'voided');

    -- Open cases (before 结案/不予立案/作废) of a category within p_radius_m, last reported since
    -- p_since, nearest first. The index alone finds those in the searched cells reported in or
    -- after p_since's hour and within the radius; only those rows are read for the exact time.
    -- The status predicate is written as the index's literal so the planner matches it.
    create or replace function open_cases_near(p_category_code text, p_cells text[], p_lat float8,
                                               p_lng float8, p_radius_m float8, p_since timestamptz,
                                               p_limit int)
    returns table (id bigint, distance_m float8)
    language sql stable as $$
      select near.id, near.d
        from (select c.id, distance_m(p_lat, p_lng, c.lat, c.lng) as d
                from cases c
               where c.category_code = p_category_code
                 and c.h3_cell = any(p_cells)
                 and c.status not in ('closed', 'rejected', 'voided')
                 and c.last_reported_hour >= date_trunc('hour', p_since at time zone 'UTC')
                 and distance_m(p_lat, p_lng, c.lat, c.lng) <= p_radius_m) near
        join cases exact on exact.id = near.id and exact.last_reported_at >= p_since
       order by near.d, near.id
       limit p_limit
    $$;
  `.execute(db);
}
