import { sql, type Kysely } from 'kysely';

/** Taxonomy, demo-city geography, citizens, photos, reports, cases and the outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table departments (
      code text primary key,
      name text not null,
      kind text not null check (kind in ('department', 'street_office'))
    );

    -- code = kind letter (C 部件, E 事件) + the standard's 2-digit major + 2-digit minor: the
    -- standard numbers both trees from 0101, so the bare 4 digits are not unique on their own.
    create table categories (
      code text primary key check (code ~ '^[CE][0-9]{4}$'),
      kind text not null check (kind in ('component', 'event')),
      name text not null,
      major_code text not null check (major_code ~ '^[0-9]{2}$'),
      major_name text not null,
      check (substr(code, 1, 1) = case kind when 'component' then 'C' else 'E' end),
      check (substr(code, 2, 2) = major_code),
      department_code text not null references departments (code),
      time_limit_value integer not null check (time_limit_value > 0),
      time_limit_unit text not null check (time_limit_unit in ('working_hours', 'working_days', 'natural_hours')),
      dedup_radius_m integer not null check (dedup_radius_m between 1 and 2000),
      dedup_window_h integer not null check (dedup_window_h between 1 and 8760)
    );

    create table areas (
      code text primary key,
      name text not null,
      level text not null check (level in ('district', 'street', 'community')),
      parent_code text references areas (code)
    );

    create table grids (
      code text primary key,
      scheme text not null default 'cjt213-14',
      community_code text not null references areas (code),
      street_code text not null references areas (code),
      district_code text not null references areas (code),
      boundary polygon not null
    );
    create index grids_boundary on grids using gist (boundary);

    create table citizens (
      id bigint generated always as identity primary key,
      openid text unique,
      unionid text,
      nickname text,
      created_at timestamptz not null
    );

    create table photos (
      id uuid primary key,
      owner_citizen_id bigint not null references citizens (id),
      sha256 text not null,
      format text not null,
      width integer not null,
      height integer not null,
      bytes integer not null,
      taken_at timestamptz,
      exif_lat double precision,
      exif_lng double precision,
      report_id bigint,
      published_at timestamptz,
      created_at timestamptz not null
    );
    create index photos_owner on photos (owner_citizen_id, created_at);

    create table cases (
      id bigint generated always as identity primary key,
      category_code text not null references categories (code),
      status text not null,
      lat double precision not null,
      lng double precision not null,
      h3_cell text not null,
      grid_code text not null references grids (code),
      street_code text not null,
      reporter_count integer not null default 1,
      opened_at timestamptz not null,
      last_reported_at timestamptz not null,
      version integer not null default 1
    );
    -- The dedup lookup: open cases of one category in a few H3 cells, recently reported.
    create index cases_open_by_cell on cases (category_code, h3_cell, last_reported_at)
      where status not in ('closed', 'rejected', 'voided');

    create table reports (
      id bigint generated always as identity primary key,
      citizen_id bigint not null references citizens (id),
      idempotency_key text not null,
      request_hash text not null,
      source text not null check (source in ('miniapp', 'hotline')),
      case_id bigint not null references cases (id),
      is_primary boolean not null,
      category_code text not null references categories (code),
      lat double precision not null,
      lng double precision not null,
      coord_system text not null check (coord_system in ('wgs84', 'gcj02')),
      client_lat double precision not null,
      client_lng double precision not null,
      grid_code text not null references grids (code),
      description text not null,
      address text,
      created_at timestamptz not null,
      unique (citizen_id, idempotency_key)
    );
    create index reports_by_citizen on reports (citizen_id, id desc);
    create index reports_by_case on reports (case_id);
    -- One primary per case, whatever races happen.
    create unique index reports_one_primary on reports (case_id) where is_primary;
    alter table photos add foreign key (report_id) references reports (id);

    create table case_reporters (
      case_id bigint not null references cases (id),
      citizen_id bigint not null references citizens (id),
      first_report_id bigint not null references reports (id),
      primary key (case_id, citizen_id)
    );

    create table outbox (
      id bigint generated always as identity primary key,
      topic text not null,
      payload jsonb not null,
      created_at timestamptz not null,
      relayed_at timestamptz
    );
    create index outbox_unrelayed on outbox (id) where relayed_at is null;
  `.execute(db);
}
