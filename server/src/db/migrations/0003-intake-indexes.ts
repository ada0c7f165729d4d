import { sql, type Kysely } from 'kysely';

/**
 * Indexes the intake benchmark showed missing: a report's photos were found by scanning every
 * photo ever uploaded, and the dedup lookup fetched each candidate case's heap page only to
 * compute a distance from two columns the index can carry.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index photos_by_report on photos (report_id) where report_id is not null;
    drop index cases_open_by_cell;
    create index cases_open_by_cell on cases (category_code, h3_cell, last_reported_at) include (id, lat, lng)
      where status not in ('closed', 'rejected', 'voided');
  `.execute(db);
}
