/**
 * `npm run bench:intake-sql`: what a report costs PostgreSQL, without HTTP. Fills a fresh
 * PostgreSQL with open cases (default 1,000,000) as `bench:intake` does, then sends reports
 * planned by the API's own `planIntake` to `intake_reports` in batches over one connection and
 * reads that backend's CPU time from /proc, and in the same run the CPU time of bare single-row
 * INSERTs (as `bench:intake` sends them) on a connection of their own as the baseline. CPU time
 * on one connection moves less with the machine's hour than the HTTP bench's reports/s, though
 * runs still differ: compare versions of the SQL functions over several alternating runs. It
 * prints figures; it asserts nothing.
 *
 *   --cases=N    (or BENCH_CASES)    open cases to load, default 1,000,000
 *   --reports=M  (or BENCH_REPORTS)  reports to send after a 500-report warm-up, default 6,000
 *   --batch=B    (or BENCH_BATCH)    reports per batch, default 8 (about what 32 clients make)
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { LocalServices } from '../../scripts/lib/local-services.js';
import { loadWorkingCalendar } from '../../server/src/calendar/calendar-store.js';
import { createDb, type Db } from '../../server/src/db/database.js';
import { prepareDatabase } from '../../server/src/db/prepare.js';
import { intakeReports } from '../../server/src/reports/queries.js';
import { planIntake } from '../../server/src/reports/submit-report.js';
import { CategoryCache } from '../../server/src/taxonomy/category-cache.js';
import { createBaselineTable, insertBaselineRow } from './lib/baseline.js';
import { withBenchServices } from './lib/bench-services.js';
import { readCountOptions } from './lib/count-options.js';
import { processCpuMs } from './lib/cpu-usage.js';
import { createReportSlots, type ReportSlot } from './lib/fixtures.js';
import { loadOpenCases } from './lib/load-cases.js';
import { int, msSince } from './lib/percentiles.js';
import { loadCategories, loadGrids, randomReportBody, type BenchCategory, type BenchGrid } from './lib/service-area.js';

const WARMUP_REPORTS = 500;
const CITIZENS = 1_000;
const BASELINE_INSERTS = 20_000;
/** A bare INSERT costs the share target's fraction of a report, at most: 25 % means 4 INSERTs. */
const SHARE_TARGET = 0.25;

const log = (line: string) => console.log(`[bench] ${line}`);

interface Cost {
  /** The backend's CPU per item, or undefined when /proc cannot tell (PostgreSQL elsewhere). */
  cpuMs?: number;
  wallMs: number;
}

function readOptions(): { cases: number; reports: number; batch: number } {
  return readCountOptions({
    cases: { fallback: 1_000_000, env: 'BENCH_CASES' },
    reports: { fallback: 6_000, env: 'BENCH_REPORTS' },
    batch: { fallback: 8, env: 'BENCH_BATCH' },
  });
}

/** The CPU and wall time `work` costs the backend `pid`, per item. */
async function measure(pid: number | undefined, items: number, work: () => Promise<void>): Promise<Cost> {
  const cpuBefore = pid === undefined ? undefined : processCpuMs(pid);
  const start = process.hrtime.bigint();
  await work();
  const wallMs = msSince(start) / items;
  const cpuAfter = pid === undefined ? undefined : processCpuMs(pid);
  return { wallMs, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / items };
}

async function run(local: LocalServices, options: { cases: number; reports: number; batch: number }) {
  // One connection: its backend is the one whose CPU is read.
  const db = createDb(local.databaseUrl, { poolSize: 1, onIdleError: (error) => log(`idle database connection lost: ${error.message}`) });
  const pool = new pg.Pool({ connectionString: local.databaseUrl, max: 4 }).on('error', (error) => log(`idle database connection lost: ${error.message}`));
  try {
    await prepareDatabase(db, { demoCity: true });
    const [grids, categories] = await Promise.all([loadGrids(pool), loadCategories(pool)]);
    log(`loading ${int(options.cases)} open cases`);
    await loadOpenCases(pool, { grids, categories, count: options.cases, now: new Date() });
    const slots = await createReportSlots(pool, { citizenCount: CITIZENS, slotCount: WARMUP_REPORTS + options.reports, tokenSecret: randomUUID() });
    const { pid } = await db.selectNoFrom((eb) => eb.fn<number>('pg_backend_pid', []).as('pid')).executeTakeFirstOrThrow();
    const send = sender(db, grids, categories, options.batch);

    await send(slots.slice(0, WARMUP_REPORTS));
    log(`sending ${int(options.reports)} reports in batches of ${options.batch} over one connection`);
    let joined = 0;
    const report = await measure(onThisMachine(pid), options.reports, async () => {
      joined = await send(slots.slice(WARMUP_REPORTS));
    });
    // The connection's table statistics reach the shared views once it goes idle, during the baseline.
    await db.selectNoFrom((eb) => eb.fn('pg_stat_force_next_flush', []).as('flushed')).execute();
    log(`baseline: ${int(BASELINE_INSERTS)} single-row INSERTs over one connection`);
    const insert = await measureBareInserts(local.databaseUrl);
    const { rows } = await pool.query<{ updates: string; hot: string }>(
      `select n_tup_upd as updates, n_tup_hot_upd as hot from pg_stat_user_tables where relname = 'cases'`,
    );
    return { report, insert, joinedShare: joined / options.reports, caseUpdates: { all: Number(rows[0].updates), hot: Number(rows[0].hot) } };
  } finally {
    await Promise.all([db.destroy(), pool.end()]);
  }
}

/** The pid when /proc shows that process (PostgreSQL runs on this machine). */
function onThisMachine(pid: number): number | undefined {
  return processCpuMs(pid) === undefined ? undefined : pid;
}

/** Bare single-row INSERTs, each its own transaction, as `bench:intake`'s baseline sends them. */
async function measureBareInserts(databaseUrl: string): Promise<Cost> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await createBaselineTable(client);
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    return await measure(onThisMachine(rows[0].pid), BASELINE_INSERTS, async () => {
      for (let k = 0; k < BASELINE_INSERTS; k++) {
        await insertBaselineRow(client, k);
      }
    });
  } finally {
    await client.end();
  }
}

/** Sends the slots' reports to `intake_reports`, `batch` at a time; answers how many joined a case. */
function sender(db: Db, grids: BenchGrid[], categories: BenchCategory[], batch: number) {
  const categoryRows = new CategoryCache(db);
  let next = 0;
  return async (slots: ReportSlot[]): Promise<number> => {
    const calendar = await loadWorkingCalendar(db);
    let joined = 0;
    for (let from = 0; from < slots.length; from += batch) {
      const statements = await Promise.all(
        slots.slice(from, from + batch).map(async (slot) => {
          const body = randomReportBody(next++, slot.photoId, grids, categories);
          const category = (await categoryRows.find(body.categoryCode))!;
          const input = { ...body, coordSystem: 'wgs84' as const, address: null };
          return planIntake({ citizenId: slot.citizenId, idempotencyKey: randomUUID(), input, source: 'miniapp', category, now: new Date(), calendar });
        }),
      );
      for (const outcome of await intakeReports(db, statements)) {
        if (outcome instanceof Error) throw new Error(`a bench report was refused: ${outcome.message}`);
        if (!outcome.report.isPrimary) joined++;
      }
    }
    return joined;
  };
}

function printSummary(options: { cases: number; reports: number; batch: number }, figures: Awaited<ReturnType<typeof run>>): void {
  const { report, insert } = figures;
  const cpu = (cost: Cost) => (cost.cpuMs === undefined ? 'n/a (PostgreSQL is not a process of this machine)' : `${cost.cpuMs.toFixed(3)} ms`);
  const ratio =
    report.cpuMs === undefined || insert.cpuMs === undefined || insert.cpuMs === 0
      ? 'n/a'
      : `${(report.cpuMs / insert.cpuMs).toFixed(1)} bare INSERTs (a ${SHARE_TARGET * 100} % share of the bare INSERT rate needs at most ${1 / SHARE_TARGET}, before the API's own cost)`;
  console.log(`
== intake SQL bench: ${int(options.cases)} open cases, ${int(options.reports)} reports in batches of ${options.batch}, one connection ==
PostgreSQL CPU per report: ${cpu(report)} (wall ${report.wallMs.toFixed(3)} ms, planning and parsing in Node included); ${(figures.joinedShare * 100).toFixed(1)} % joined an existing case
cases updated ${int(figures.caseUpdates.all)} times by the reports (warm-up included), ${int(figures.caseUpdates.hot)} of them HOT (no index touched)
PostgreSQL CPU per bare single-row INSERT, one connection: ${cpu(insert)} (wall ${insert.wallMs.toFixed(3)} ms)
a report costs PostgreSQL as much CPU as ${ratio}`);
}

const options = readOptions();
await withBenchServices({ database: 'szcg_bench', log }, async (local) => printSummary(options, await run(local, options)));
