import { sql, type Kysely } from 'kysely';

/**
 * Citizen rewards: versioned reward rules, citizens excluded from rewards, and the append-only
 * ledger in integer 分. A credit is unique per (case, citizen, rule), so a redelivered event pays
 * once; a reversal names the entry it reverses, once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A rule set applies to rewards earned from effective_from until the next version's.
    create table reward_rule_versions (
      id bigint generated always as identity primary key,
      effective_from timestamptz not null,
      rules jsonb not null,
      note text not null default '',
      -- Null for the demo city's seeded rules.
      created_by bigint references staff (id),
      created_at timestamptz not null
    );
    create index reward_rule_versions_by_start on reward_rule_versions (effective_from desc, id desc);

    -- Staff, full-time collectors and citizens flagged for abuse earn nothing while listed.
    create table reward_exclusions (
      citizen_id bigint primary key references citizens (id),
      kind text not null check (kind in ('staff', 'collector', 'abuse')),
      reason text not null check (char_length(reason) between 1 and 200),
      created_by bigint not null references staff (id),
      created_at timestamptz not null
    );

    -- Append-only: rows are inserted, never updated or deleted.
    create table reward_ledger (
      id bigint generated always as identity primary key,
      citizen_id bigint not null references citizens (id),
      amount_fen bigint not null,
      kind text not null check (kind in ('credit', 'reversal', 'settlement', 'settlement_return')),
      -- What caused it: the event topic or the finance action.
      cause text not null,
      case_id bigint references cases (id),
      -- Which rule of the version made a credit: base, first_report_bonus.
      rule_code text,
      rule_version_id bigint references reward_rule_versions (id),
      -- A credit the caps or the pool cut, and by how much.
      capped_by text check (capped_by in ('daily_cap', 'monthly_cap', 'pool')),
      capped_fen bigint not null default 0,
      reverses_entry_id bigint unique references reward_ledger (id),
      payout_line_id bigint,
      event_id bigint,
      -- Where and what the reward was for, kept for finance's totals per street and category.
      street_code text,
      category_code text,
      -- When it was earned (the case's 立案, a reversal's event): the day and month caps and settlement count by it.
      earned_at timestamptz not null,
      created_at timestamptz not null,
      check ((kind = 'credit') = (rule_code is not null and rule_version_id is not null and case_id is not null)),
      check (kind <> 'reversal' or reverses_entry_id is not null),
      check (kind not in ('settlement', 'settlement_return') or payout_line_id is not null)
    );
    create unique index reward_ledger_one_credit on reward_ledger (case_id, citizen_id, rule_code) where kind = 'credit';
    create index reward_ledger_by_citizen on reward_ledger (citizen_id, earned_at) include (amount_fen, kind);
    create index reward_ledger_by_case on reward_ledger (case_id) where case_id is not null;
    create index reward_ledger_by_month on reward_ledger (earned_at) where kind in ('credit', 'reversal');
  `.execute(db);
}
