import { sql, type Kysely } from 'kysely';

/**
 * The 12319 hotline: callers as citizens found by phone number, call records and their events,
 * hotline tickets (热线工单) with their recordings, and satisfaction callbacks (回访) with their
 * attempts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A hotline caller is a citizen known by phone number: an HMAC hash to find them by, the number
    -- encrypted (AES-256-GCM) for the callback to dial, and the masked form staff see.
    alter table citizens
      add column phone_hash text unique,
      add column phone_encrypted text,
      add column phone_masked text,
      add check ((phone_hash is null) = (phone_encrypted is null) and (phone_hash is null) = (phone_masked is null));

    create table hotline_calls (
      id bigint generated always as identity primary key,
      -- FreeSWITCH's channel uuid: the telephony service's idempotency key.
      call_id text not null unique,
      -- Null for an anonymous caller.
      citizen_id bigint references citizens (id),
      caller_masked text,
      -- The caller was already a hotline citizen before this call (the console says 老来电).
      caller_known boolean not null default false,
      called_number text not null,
      started_at timestamptz not null,
      answered_at timestamptz,
      queued_at timestamptz,
      agent_answered_at timestamptz,
      agent text,
      ended_at timestamptz,
      hangup_cause text,
      menu_path text[] not null default '{}',
      -- A progress lookup by this caller was answered while the call was in progress.
      query_answered boolean not null default false,
      outcome text check (outcome in ('ticket', 'query', 'agent', 'abandoned')),
      check ((outcome is null) = (ended_at is null)),
      wait_seconds integer check (wait_seconds >= 0),
      talk_seconds integer check (talk_seconds >= 0)
    );
    create index hotline_calls_by_start on hotline_calls (started_at);
    create index hotline_calls_by_citizen on hotline_calls (citizen_id, started_at) where citizen_id is not null;
    create index hotline_calls_active on hotline_calls (queued_at) where ended_at is null and queued_at is not null;

    create table hotline_call_events (
      call_id bigint not null references hotline_calls (id),
      seq integer not null check (seq >= 1),
      type text not null check (type in ('answered', 'menu', 'queued', 'agent_answered', 'message_left', 'ended')),
      at timestamptz not null,
      detail jsonb not null default '{}',
      primary key (call_id, seq)
    );

    create table hotline_tickets (
      id bigint generated always as identity primary key,
      -- YYMMDD (Beijing) + the day's 4-digit sequence, spoken to the caller digit by digit.
      number text not null unique check (number ~ '^[0-9]{10}$'),
      ticket_date date not null,
      daily_seq integer not null check (daily_seq between 1 and 9999),
      unique (ticket_date, daily_seq),
      call_id bigint references hotline_calls (id),
      citizen_id bigint references citizens (id),
      created_by text not null check (created_by in ('ivr', 'staff')),
      created_by_staff_id bigint references staff (id),
      check ((created_by = 'staff') = (created_by_staff_id is not null)),
      -- The recording's store key (content-addressed), hash and length; null when nothing was captured.
      recording_key text,
      recording_sha256 text,
      recording_bytes integer,
      check ((recording_key is null) = (recording_sha256 is null) and (recording_key is null) = (recording_bytes is null)),
      duration_ms integer not null default 0 check (duration_ms >= 0),
      -- False when the caller hung up while recording: the ticket holds what was captured.
      complete boolean not null,
      status text not null default 'open' check (status in ('open', 'completed')),
      report_id bigint references reports (id),
      completed_by bigint references staff (id),
      completed_at timestamptz,
      check ((status = 'completed') = (report_id is not null) and (report_id is null) = (completed_at is null)),
      created_at timestamptz not null
    );
    -- One IVR ticket per call, so the telephony service may retry its upload.
    create unique index hotline_tickets_one_ivr_per_call on hotline_tickets (call_id) where created_by = 'ivr';
    create index hotline_tickets_by_call on hotline_tickets (call_id) where call_id is not null;
    create index hotline_tickets_open on hotline_tickets (created_at) where status = 'open';
    create index hotline_tickets_by_citizen on hotline_tickets (citizen_id) where citizen_id is not null;
    create index hotline_tickets_by_report on hotline_tickets (report_id) where report_id is not null;

    -- One callback per case, whatever duplicate events or restarts happen.
    create table hotline_callbacks (
      id bigint generated always as identity primary key,
      case_id bigint not null unique references cases (id),
      citizen_id bigint not null references citizens (id),
      report_id bigint not null references reports (id),
      status text not null check (status in ('scheduled', 'done', 'unreachable')),
      attempts integer not null default 0 check (attempts >= 0),
      rating text check (rating in ('satisfied', 'basically_satisfied', 'dissatisfied')),
      next_attempt_at timestamptz,
      created_at timestamptz not null,
      finished_at timestamptz,
      check ((status = 'scheduled') = (finished_at is null))
    );
    create index hotline_callbacks_finished on hotline_callbacks (finished_at) where finished_at is not null;

    create table hotline_callback_attempts (
      id bigint generated always as identity primary key,
      callback_id bigint not null references hotline_callbacks (id),
      attempt_no integer not null check (attempt_no >= 1),
      outcome text not null check (outcome in ('answered', 'no_answer', 'busy', 'failed')),
      rating text check (rating in ('satisfied', 'basically_satisfied', 'dissatisfied')),
      check (rating is null or outcome = 'answered'),
      call_id text,
      at timestamptz not null,
      unique (callback_id, attempt_no)
    );
  `.execute(db);
}
