/**
 * With BENCH_PG_STATEMENTS set, the bench loads pg_stat_statements (nested statements and
 * planning included) and prints where PostgreSQL spent the timed phase, statement by statement.
 * It is how #3 found the dedup search being planned anew on every report.
 */
import type pg from 'pg';

export const statementStatsWanted = Boolean(process.env.BENCH_PG_STATEMENTS);

export const STATEMENT_STATS_SETTINGS: Record<string, string> = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'all',
  'pg_stat_statements.track_planning': 'on',
};

/** Starts counting from zero: call it just before the timed phase. */
export async function resetStatementStats(pool: pg.Pool): Promise<void> {
  await pool.query('create extension if not exists pg_stat_statements');
  await pool.query('select pg_stat_statements_reset()');
}

/** The statements that took most execution time since the reset, per call and in total. */
export async function printStatementStats(pool: pg.Pool, limit = 15): Promise<void> {
  const { rows } = await pool.query(`
    select calls, plans, round(total_plan_time::numeric) as plan_ms, round(total_exec_time::numeric) as exec_ms,
           round((total_exec_time / nullif(calls, 0))::numeric, 3) as ms_per_call,
           left(regexp_replace(query, '\\s+', ' ', 'g'), 100) as statement
      from pg_stat_statements
     where query not like '%pg_stat_statements%'
     order by total_exec_time + total_plan_time desc
     limit $1`, [limit]);
  console.log('\nPostgreSQL statements during intake (pg_stat_statements, nested included):');
  console.table(rows);
}
