/**
 * The ceiling intake is measured against: the same PostgreSQL taking bare single-row INSERTs,
 * each its own autocommit transaction (one WAL flush per commit, like one report).
 */
import pg from 'pg';
import { msSince } from './percentiles.js';

/** Inserts `count` rows over `concurrency` connections; returns rows per second. */
export async function measureBareInsertRate(databaseUrl: string, options: { concurrency: number; count: number }): Promise<number> {
  // Plain clients, not a pool: `client.end()` resolves once the socket is closed, so nothing is
  // left connected when PostgreSQL stops right after the bench.
  const clients = Array.from({ length: options.concurrency }, () => new pg.Client({ connectionString: databaseUrl }));
  try {
    // Connect every client before the clock starts: connection setup is not insert cost.
    await Promise.all(clients.map((client) => client.connect()));
    await createBaselineTable(clients[0]);
    let next = 0;
    const start = process.hrtime.bigint();
    await Promise.all(
      clients.map(async (client) => {
        for (let k = next++; k < options.count; k = next++) {
          await insertBaselineRow(client, k);
        }
      }),
    );
    return options.count / (msSince(start) / 1000);
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

/** The baseline's table: one row, one index. */
export async function createBaselineTable(client: pg.Client): Promise<void> {
  await client.query('create table if not exists bench_baseline (id bigint generated always as identity primary key, payload text, created_at timestamptz)');
}

/** One bare single-row INSERT, its own transaction. */
export async function insertBaselineRow(client: pg.Client, k: number): Promise<void> {
  await client.query('insert into bench_baseline (payload, created_at) values ($1, now())', [`row ${k}`]);
}
