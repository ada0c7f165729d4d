import { CamelCasePlugin, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Either the pool or an open transaction: queries take whichever the use case holds. */
export type Executor = Db | Trx;

// int8 ids and counts fit in a double for centuries of reports (H3 cells are stored as text).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// numeric holds limits in hours (never money, which is integer 分 in bigint): a double is exact enough.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/**
 * The pool behind every query. An idle connection the server drops (restart, shutdown) is
 * reported to `onIdleError` and replaced on next use instead of crashing the process.
 */
export function createDb(databaseUrl: string, options: { poolSize?: number; onIdleError?: (error: Error) => void } = {}): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 20 });
  pool.on('error', (error) => options.onIdleError?.(error));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
}
