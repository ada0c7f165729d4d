import { sql, type Kysely } from 'kysely';

/**
 * The supervision workflow: staff and their sessions, stage limits per category, the case's
 * handling state, stage clocks, the timeline, extension requests, dispatch records, per-street
 * dispatch rules, the staff audit log and the citizen-facing progress projection.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A street office handles its own street's problems: categories owned by "a street office"
    -- are suggested to the office of the case's street.
    alter table departments add column street_code text;

    -- Limits of the stages before 处置, in hours of the category's clock (working hours, or
    -- natural hours for urgent categories). The 处置 limit is time_limit_value/unit.
    alter table categories
      add column accept_limit_hours numeric not null default 1 check (accept_limit_hours > 0),
      add column register_limit_hours numeric not null default 1 check (register_limit_hours > 0),
      add column dispatch_limit_hours numeric not null default 0.5 check (dispatch_limit_hours > 0);

    create table staff (
      id bigint generated always as identity primary key,
      username text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{1,39}$'),
      name text not null,
      password_hash text not null,
      roles text[] not null check (cardinality(roles) > 0),
      department_code text references departments (code),
      -- The role and its unit come together: a department handler always has a department.
      check (('department' = any (roles)) = (department_code is not null)),
      failed_logins integer not null default 0,
      locked_until timestamptz,
      disabled_at timestamptz,
      created_at timestamptz not null
    );

    -- A token names its session, so logout (and disabling an account) ends it before it expires.
    create table staff_sessions (
      id uuid primary key,
      staff_id bigint not null references staff (id),
      issued_at timestamptz not null,
      expires_at timestamptz not null,
      ended_at timestamptz
    );
    create index staff_sessions_by_staff on staff_sessions (staff_id) where ended_at is null;

    alter table cases
      add column department_code text references departments (code),
      add column hung_from_status text,
      add column hung_review_on date,
      add column merged_into_case_id bigint references cases (id),
      add column verification_requested boolean not null default false,
      add column pending_extension_id bigint,
      add column return_count integer not null default 0,
      add column rework_count integer not null default 0,
      add column light text not null default 'green' check (light in ('green', 'yellow', 'red', 'none')),
      add column due_at timestamptz,
      add column closed_at timestamptz;
    create index cases_by_status on cases (status, opened_at);
    create index cases_by_department on cases (department_code, status, due_at);
    create index cases_hung_review on cases (hung_review_on) where status = 'hung';

    -- One row per stage a case passes through (a re-dispatch or a rework starts a new one).
    -- limit_ms and remaining are working milliseconds for a working clock, plain ones otherwise.
    create table case_clocks (
      id bigint generated always as identity primary key,
      case_id bigint not null references cases (id),
      stage text not null check (stage in ('accept', 'register', 'dispatch', 'handle')),
      kind text not null check (kind in ('working', 'natural')),
      limit_ms bigint not null check (limit_ms > 0),
      started_at timestamptz not null,
      due_at timestamptz not null,
      paused_at timestamptz,
      remaining_ms bigint,
      stopped_at timestamptz,
      overdue_at timestamptz,
      -- Years the deadline crossed without an entered holiday schedule (computed on weekdays).
      assumed_years integer[] not null default '{}'
    );
    create unique index case_clocks_one_running on case_clocks (case_id) where stopped_at is null;
    create index case_clocks_running_due on case_clocks (due_at) where stopped_at is null and paused_at is null;

    -- The append-only timeline: every action, by whom, when and why.
    create table case_timeline (
      id bigint generated always as identity primary key,
      case_id bigint not null references cases (id),
      action text not null,
      from_status text not null,
      to_status text not null,
      actor_kind text not null check (actor_kind in ('staff', 'system')),
      staff_id bigint references staff (id),
      role text,
      at timestamptz not null,
      reason text,
      details jsonb not null default '{}',
      photo_ids uuid[] not null default '{}'
    );
    create index case_timeline_by_case on case_timeline (case_id, id);

    create table case_extensions (
      id bigint generated always as identity primary key,
      case_id bigint not null references cases (id),
      ordinal integer not null,
      amount numeric not null check (amount > 0),
      unit text not null check (unit in ('hours', 'days')),
      reason text not null,
      requested_by bigint not null references staff (id),
      requested_at timestamptz not null,
      status text not null default 'pending' check (status in ('pending', 'approved', 'denied')),
      decided_by bigint references staff (id),
      decided_at timestamptz,
      unique (case_id, ordinal)
    );
    alter table cases add foreign key (pending_extension_id) references case_extensions (id);

    -- Each dispatch, with what the system suggested: dispatch accuracy and 回退 come from here.
    create table case_dispatches (
      id bigint generated always as identity primary key,
      case_id bigint not null references cases (id),
      department_code text not null references departments (code),
      suggested_department_code text not null references departments (code),
      dispatched_by bigint not null references staff (id),
      dispatched_at timestamptz not null,
      returned_at timestamptz,
      return_reason text
    );
    create index case_dispatches_by_case on case_dispatches (case_id, id);

    -- A street's own choice of unit for a category, overriding the category's default.
    create table dispatch_rules (
      category_code text not null references categories (code),
      street_code text not null references areas (code),
      department_code text not null references departments (code),
      primary key (category_code, street_code)
    );

    -- Photos taken by staff (after-photos of 处置, 核查) belong to a case rather than a report.
    alter table photos
      alter column owner_citizen_id drop not null,
      add column owner_staff_id bigint references staff (id),
      add column case_id bigint references cases (id),
      add check ((owner_citizen_id is null) <> (owner_staff_id is null));
    create index photos_by_case on photos (case_id) where case_id is not null;

    -- 等保: every staff action, login and view of unmasked personal data; kept at least 6 months.
    create table staff_audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      staff_id bigint references staff (id),
      username text not null,
      action text not null,
      target_type text,
      target_id text,
      ip text,
      details jsonb not null default '{}'
    );
    create index staff_audit_log_by_time on staff_audit_log (at desc);
    create index staff_audit_log_by_staff on staff_audit_log (staff_id, at desc);

    -- What a case's reporters see: public stages only, written by the citizen-progress processor.
    create table case_public_progress (
      event_id bigint primary key,
      case_id bigint not null references cases (id),
      stage text not null,
      at timestamptz not null,
      reason text,
      photo_ids uuid[] not null default '{}'
    );
    create index case_public_progress_by_case on case_public_progress (case_id, at);
  `.execute(db);
}
