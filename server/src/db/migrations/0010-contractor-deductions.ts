import { sql, type Kysely } from 'kysely';

/**
 * Contractor deductions (Xuzhou practice): companies contracted to keep an area clean (保洁公司)
 * or to find its problems (信息采集公司). When a citizen's valid report in a contracted area earns
 * a reward, the same amount is deducted from the contractor for the month; a reversed reward
 * reverses the deduction. Deductions, like the reward ledger, are only ever inserted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table contractors (
      id bigint generated always as identity primary key,
      name text not null unique check (char_length(name) between 2 and 100),
      kind text not null check (kind in ('cleaning', 'collection')),
      created_at timestamptz not null
    );

    -- One contracted area: a unit grid, a community or a street (by its code), for one category
    -- or, with a null category, for all; in force from valid_from until valid_until (null: open).
    create table contractor_areas (
      id bigint generated always as identity primary key,
      contractor_id bigint not null references contractors (id),
      area_level text not null check (area_level in ('grid', 'community', 'street')),
      area_code text not null,
      category_code text references categories (code),
      valid_from timestamptz not null,
      valid_until timestamptz,
      check (valid_until is null or valid_until > valid_from)
    );
    create index contractor_areas_by_code on contractor_areas (area_code, area_level);
    create index contractor_areas_by_contractor on contractor_areas (contractor_id);

    create table contractor_deductions (
      id bigint generated always as identity primary key,
      contractor_id bigint not null references contractors (id),
      case_id bigint not null references cases (id),
      -- Positive: deducted; a reversal carries the negative amount of the deduction it reverses.
      amount_fen bigint not null,
      kind text not null check (kind in ('deduction', 'reversal')),
      reverses_id bigint unique references contractor_deductions (id),
      -- The contracted area that matched, and where and what the case was, for the statement.
      area_id bigint not null references contractor_areas (id),
      category_code text not null,
      grid_code text not null,
      street_code text not null,
      event_id bigint,
      -- The case's 立案 for a deduction, the reversing event's time for a reversal: the month counts by it.
      occurred_at timestamptz not null,
      created_at timestamptz not null,
      check ((kind = 'reversal') = (reverses_id is not null)),
      check ((kind = 'deduction') = (amount_fen > 0))
    );
    -- A case costs a contractor once, however often its events arrive.
    create unique index contractor_deductions_once on contractor_deductions (case_id, contractor_id) where kind = 'deduction';
    create index contractor_deductions_by_month on contractor_deductions (contractor_id, occurred_at);
    create index contractor_deductions_by_case on contractor_deductions (case_id);
  `.execute(db);
}
