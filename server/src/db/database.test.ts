import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createDb, type Db, type Executor } from './database.js';

/**
 * The statements a connection prepares by name, when another process (a rolling deploy's
 * migration) changes a table under them: PostgreSQL refuses such a prepared plan for good.
 */
describe('statements prepared by name', () => {
  const table = `stale_plan_${randomUUID().slice(0, 8)}`;
  let db: Db;
  let other: Db;
  beforeAll(async () => {
    db = createDb(process.env.DATABASE_URL!, { poolSize: 1 });
    other = createDb(process.env.DATABASE_URL!, { poolSize: 1 });
    await sql`create table ${sql.table(table)} (a integer)`.execute(other);
    await sql`insert into ${sql.table(table)} values (1)`.execute(other);
  });
  afterAll(async () => {
    await sql`drop table ${sql.table(table)}`.execute(other);
    await Promise.all([db.destroy(), other.destroy()]);
  });

  const readAll = (executor: Executor) =>
    sql<Record<string, number>>`select * from ${sql.table(table)} where a = ${1}`.execute(executor).then((result) => result.rows);

  it('are prepared afresh after another process altered the table, at once outside a transaction', async () => {
    for (let run = 0; run < 6; run++) expect(await readAll(db)).toEqual([{ a: 1 }]);
    await sql`alter table ${sql.table(table)} add column b integer default 2`.execute(other);
    expect(await readAll(db)).toEqual([{ a: 1, b: 2 }]);
    expect(await readAll(db)).toEqual([{ a: 1, b: 2 }]);
  });

  it('fail once inside a transaction, and the retried transaction succeeds', async () => {
    const inTransaction = () => db.transaction().execute(readAll);
    for (let run = 0; run < 6; run++) await inTransaction();
    await sql`alter table ${sql.table(table)} add column c integer default 3`.execute(other);
    await expect(inTransaction()).rejects.toThrow(/cached plan must not change result type/);
    expect(await inTransaction()).toEqual([{ a: 1, b: 2, c: 3 }]);
  });
});
