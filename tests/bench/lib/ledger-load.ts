/**
 * Fills a prepared database with a city-sized reward ledger in a few set-based statements:
 * citizens with openids, registered cases to credit, one rule version and the credits.
 */
import type pg from 'pg';

export interface LedgerShape {
  entries: number;
  citizens: number;
  /** Beijing month the credits are earned in, `YYYY-MM`; spread over its first 28 days. */
  month: string;
}

/** Registered cases the credits point at: a credit is unique per (case, citizen, rule), so a citizen's k-th credit takes case (n + k) mod CASES. */
const CASES = 1_000;

export async function loadLedger(client: pg.Client, shape: LedgerShape): Promise<void> {
  await client.query(`insert into citizens (openid, created_at) select 'bench' || lpad(g::text, 24, '0'), now() from generate_series(1, $1) g`, [shape.citizens]);
  await client.query(`create temp table bench_citizens as select id, (row_number() over (order by id) - 1)::int as n from citizens where openid like 'bench%'`);
  await client.query(`create unique index on bench_citizens (n)`);
  await client.query(
    `insert into cases (category_code, status, lat, lng, h3_cell, grid_code, street_code, opened_at, last_reported_at)
     select 'E0102', 'registered', 22.72, 114.245, '89411c0000fffff', code, street_code, now(), now()
     from (select code, street_code from grids order by code limit $1) g`,
    [CASES],
  );
  await client.query(`create temp table bench_cases as select id, (row_number() over (order by id) - 1)::int as n from cases where h3_cell = '89411c0000fffff'`);
  await client.query(`create unique index on bench_cases (n)`);
  const version = await client.query(
    `insert into reward_rule_versions (effective_from, rules, note, created_at) values ('2020-01-01', '{"baseFen":200}', 'bench', now()) returning id`,
  );
  await client.query(
    `insert into reward_ledger (citizen_id, amount_fen, kind, cause, case_id, rule_code, rule_version_id, street_code, category_code, earned_at, created_at)
     select c.id, 200, 'credit', 'case.registered', k.id, 'base', $1, 'bench', 'E0102',
            ($2::text || '-01 00:00:00+08')::timestamptz + (g % 28) * interval '1 day' + (g % 86400) * interval '1 second', now()
     from generate_series(0, $3 - 1) g
     join bench_citizens c on c.n = g % $4
     join bench_cases k on k.n = ((g % $4) + g / $4) % ${CASES}`,
    [version.rows[0].id, shape.month, shape.entries, shape.citizens],
  );
  await client.query('vacuum analyze reward_ledger');
  await client.query('vacuum analyze citizens');
}

/** One more credit each for the first `count` citizens, in another month: a batch small enough to pay. */
export async function loadPayableMonth(client: pg.Client, count: number, month: string): Promise<void> {
  await client.query(
    `insert into reward_ledger (citizen_id, amount_fen, kind, cause, case_id, rule_code, rule_version_id, street_code, category_code, earned_at, created_at)
     select c.id, 200 + c.n % 300, 'credit', 'case.registered', k.id, 'first_report_bonus', (select max(id) from reward_rule_versions), 'bench', 'E0102',
            ($1::text || '-05 10:00:00+08')::timestamptz, now()
     from bench_citizens c join bench_cases k on k.n = c.n % ${CASES}
     where c.n < $2`,
    [month, count],
  );
}
