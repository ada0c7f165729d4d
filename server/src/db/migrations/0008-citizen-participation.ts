import { sql, type Kysely } from 'kysely';

/**
 * Citizen participation beyond reporting: 关注 (a follow is a linked report of kind `follow`),
 * the citizen's 满意度 rating of a closed case (from the mini program or a hotline callback),
 * and WeChat subscribe messages (credits per accepted template, one row per message sent).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A follow joins a case like a linked report but never founds one.
    alter table reports add column kind text not null default 'report' check (kind in ('report', 'follow'));
    alter table reports add check (kind = 'report' or not is_primary);

    -- One rating per citizen and case, whichever channel asked first.
    create table case_ratings (
      id bigint generated always as identity primary key,
      case_id bigint not null references cases (id),
      citizen_id bigint not null references citizens (id),
      -- The report it was given on; null for a hotline callback that names no report.
      report_id bigint references reports (id),
      channel text not null check (channel in ('miniapp', 'hotline_callback')),
      rating text not null check (rating in ('satisfied', 'basically_satisfied', 'dissatisfied')),
      comment text check (char_length(comment) <= 200),
      rated_at timestamptz not null,
      unique (case_id, citizen_id)
    );

    -- One accepted requestSubscribeMessage answer = one message the citizen may receive.
    create table subscribe_credits (
      citizen_id bigint not null references citizens (id),
      template_id text not null,
      credits integer not null check (credits >= 0),
      updated_at timestamptz not null,
      primary key (citizen_id, template_id)
    );

    -- Written (and a credit taken) before the call, so a redelivered event sends once.
    create table subscribe_messages (
      id bigint generated always as identity primary key,
      event_id bigint not null,
      citizen_id bigint not null references citizens (id),
      template_id text not null,
      case_id bigint references cases (id),
      data jsonb not null,
      status text not null check (status in ('sending', 'sent', 'skipped_demo', 'refused', 'failed')),
      errcode integer,
      created_at timestamptz not null,
      finished_at timestamptz,
      unique (event_id, citizen_id, template_id)
    );
  `.execute(db);
}
