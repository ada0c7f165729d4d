import { CamelCasePlugin, Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, type Transaction } from 'kysely';
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
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }), plugins: [new CamelCasePlugin()] });
}

/**
 * A statement a connection has run this many times is prepared under a name from then on, so
 * PostgreSQL parses it once per connection and plans it once where a generic plan is as good
 * (it decides per statement) instead of on every run: planning was a third of PostgreSQL's time
 * per report, the many partial indexes of `cases` weighed for every statement on it. Statements
 * run fewer times (migrations, one-off loads) stay unnamed. The threshold is pgjdbc's
 * `prepareThreshold` default.
 */
const PREPARE_AFTER_RUNS = 5;
/** Named statements a connection keeps at most (each holds a plan in its backend); later ones run unnamed. */
const MAX_PREPARED_PER_CONNECTION = 256;
/** Distinct statement texts counted per connection before the counts start over (a bound on memory). */
const MAX_COUNTED_TEXTS = 10_000;

interface ConnectionStatements {
  runs: Map<string, number>;
  names: Map<string, string>;
  /** Names handed out so far: a dropped name is never handed out again (pg remembers its text). */
  issued: number;
  inTransaction: boolean;
}

const statementsOf = new WeakMap<pg.PoolClient, ConnectionStatements>();

/** The pool as Kysely sees it, its clients naming the statements they run often. */
function preparingPool(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let statements = statementsOf.get(client);
      if (!statements) statementsOf.set(client, (statements = { runs: new Map(), names: new Map(), issued: 0, inTransaction: false }));
      const known = statements;
      const query = async (text: string, parameters: readonly unknown[]) => {
        // Only statements with parameters are named: one without runs by the simple protocol,
        // which allows several statements in one text (migrations); BEGIN and COMMIT, which have
        // none, cost no planning and tell whether a transaction is open.
        if (parameters.length === 0) trackTransaction(known, text);
        const name = parameters.length > 0 ? statementName(known, text) : undefined;
        try {
          return await client.query({ text, values: [...parameters], name });
        } catch (error) {
          if (!name || !isStalePlan(error)) throw error;
          // A migration run by another process (a rolling deploy) changed the columns this
          // statement returns; PostgreSQL refuses its prepared plan from now on. Forget the name;
          // outside a transaction run the statement afresh at once, inside one the caller's
          // retry finds it prepared anew.
          known.names.delete(text);
          if (known.inTransaction) throw error;
          return client.query({ text, values: [...parameters] });
        }
      };
      // Kysely passes a cursor only when the dialect is given one to stream with; ours is not.
      return { query: query as unknown as PostgresPoolClient['query'], release: () => client.release() };
    },
    end: () => pool.end(),
  };
}

/** Kysely opens and ends transactions with these plain statements (savepoints stay inside). */
function trackTransaction(statements: ConnectionStatements, text: string): void {
  if (/^\s*(begin|start transaction)\b/i.test(text)) statements.inTransaction = true;
  else if (/^\s*(commit|rollback|end|abort)\s*;?\s*$/i.test(text)) statements.inTransaction = false;
}

function isStalePlan(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === '0A000' && typeof message === 'string' && message.includes('cached plan must not change result type');
}

function statementName(statements: ConnectionStatements, text: string): string | undefined {
  const named = statements.names.get(text);
  if (named || statements.issued >= MAX_PREPARED_PER_CONNECTION) return named;
  if (statements.runs.size >= MAX_COUNTED_TEXTS) statements.runs.clear();
  const runs = (statements.runs.get(text) ?? 0) + 1;
  statements.runs.set(text, runs);
  if (runs < PREPARE_AFTER_RUNS) return undefined;
  statements.issued += 1;
  const name = `s${statements.issued}`;
  statements.names.set(text, name);
  statements.runs.delete(text);
  return name;
}
