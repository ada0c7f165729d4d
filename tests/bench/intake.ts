/**
 * `npm run bench:intake`: how fast the platform takes reports, on a database the size of a
 * city's backlog. Fills a fresh PostgreSQL with open cases (default 1,000,000), times the dedup
 * lookup with the H3 method and with earthdistance, drives `POST /api/v1/reports` over HTTP with
 * 32 clients, and measures the same PostgreSQL's bare single-row INSERT rate as the baseline.
 * It prints figures next to their targets; it asserts nothing.
 *
 *   --cases=N    (or BENCH_CASES)    open cases to load, default 1,000,000
 *   --reports=M  (or BENCH_REPORTS)  reports to send after a 500-report warm-up, default 20,000
 *   BENCH_PG_STATEMENTS=1            also print PostgreSQL's statements during intake
 *   BENCH_CPU_PROF_DIR=dir           the API writes a V8 CPU profile there
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../scripts/lib/host.js';
import type { LocalServices } from '../../scripts/lib/local-services.js';
import { createDb } from '../../server/src/db/database.js';
import { prepareDatabase } from '../../server/src/db/prepare.js';
import { startApiProcess, type ApiProcess } from './lib/api-process.js';
import { readCountOptions } from './lib/count-options.js';
import { measureBareInsertRate } from './lib/baseline.js';
import { withBenchServices } from './lib/bench-services.js';
import { describeCpu, readCpu } from './lib/cpu-usage.js';
import { createEarthdistanceIndexes, dropEarthdistanceIndexes, makeProbes, timeEarthdistance, timeH3 } from './lib/dedup-timing.js';
import { driveReports, type DriveResult } from './lib/drive-http.js';
import { createReportSlots } from './lib/fixtures.js';
import { loadOpenCases } from './lib/load-cases.js';
import { formatSummary, int, ms, msSince, summarize, type LatencySummary } from './lib/percentiles.js';
import { loadCategories, loadGrids } from './lib/service-area.js';
import { printStatementStats, resetStatementStats, STATEMENT_STATS_SETTINGS, statementStatsWanted } from './lib/statement-stats.js';

const CONCURRENCY = 32;
const WARMUP_REPORTS = 500;
const DEDUP_PROBES = 5_000;
const CITIZENS = 1_000;
const BASELINE_INSERTS = 20_000;
const TARGETS = { reportsPerSecond: 1_000, dedupP99Ms: 5, shareOfBaseline: 0.25 };

const log = (line: string) => console.log(`[bench] ${line}`);

interface Figures {
  cases: number;
  loadMs: number;
  dedupH3: LatencySummary;
  dedupEarth: LatencySummary;
  gistBuildMs: number;
  intake: DriveResult;
  cpu: string;
  baselinePerSecond: number;
}

function readOptions(): { cases: number; reports: number } {
  return readCountOptions({ cases: { fallback: 1_000_000, env: 'BENCH_CASES' }, reports: { fallback: 20_000, env: 'BENCH_REPORTS' } });
}

async function run(local: LocalServices, dataDir: string, options: { cases: number; reports: number }): Promise<Figures> {
  // One connection for the timed dedup queries; a small pool for loading and fixtures. An idle
  // connection PostgreSQL drops is only logged: pool.end() resolves before sockets close.
  const onIdleError = (error: Error) => log(`idle database connection lost: ${error.message}`);
  const db = createDb(local.databaseUrl, { poolSize: 1, onIdleError });
  const pool = new pg.Pool({ connectionString: local.databaseUrl, max: 4 }).on('error', onIdleError);
  let api: ApiProcess | undefined;
  try {
    await prepareDatabase(db, { demoCity: true });
    const [grids, categories] = await Promise.all([loadGrids(pool), loadCategories(pool)]);
    const now = new Date();

    log(`loading ${int(options.cases)} open cases over ${int(grids.length)} grids and ${categories.length} categories`);
    let start = process.hrtime.bigint();
    await loadOpenCases(pool, { grids, categories, count: options.cases, now });
    const loadMs = msSince(start);
    log(`loaded in ${(loadMs / 1000).toFixed(1)} s (${int(options.cases / (loadMs / 1000))} rows/s, vacuum analyze included)`);

    const probes = makeProbes(grids, categories, DEDUP_PROBES, now);
    const dedupH3 = await timeH3(db, probes);
    log(`dedup query, H3 cells (${int(DEDUP_PROBES)} queries): ${formatSummary(dedupH3)}`);
    const built = await createEarthdistanceIndexes(pool);
    log(`earthdistance indexes built: GiST ${ms(built.gistMs)}, category btree ${ms(built.btreeMs)}`);
    const dedupEarth = await timeEarthdistance(db, probes);
    log(`dedup query, earthdistance (${int(DEDUP_PROBES)} queries): ${formatSummary(dedupEarth)}`);
    await dropEarthdistanceIndexes(pool);

    const tokenSecret = randomBytes(32).toString('hex');
    const slots = await createReportSlots(pool, { citizenCount: CITIZENS, slotCount: WARMUP_REPORTS + options.reports, tokenSecret });
    api = await startApiProcess({
      cwd: path.resolve(import.meta.dirname, '../..'),
      port: await freePort(),
      env: {
        DATABASE_URL: local.databaseUrl,
        REDIS_URL: local.redisUrl,
        DATA_DIR: dataDir,
        DEMO_MODE: 'true',
        TOKEN_SECRET: tokenSecret,
        SERVICES: 'api,worker',
        LOG_LEVEL: 'warn',
      },
    });
    log(`API up at ${api.url}; warming up with ${WARMUP_REPORTS} reports`);
    const drive = (from: number, to: number) =>
      driveReports({ url: api!.url, concurrency: CONCURRENCY, slots: slots.slice(from, to), grids, categories });
    await drive(0, WARMUP_REPORTS);
    if (statementStatsWanted) await resetStatementStats(pool);
    log(`sending ${int(options.reports)} reports with ${CONCURRENCY} clients`);
    const roots = { api: api.pid, ...local.pids };
    const cpuBefore = readCpu(roots);
    const intake = await drive(WARMUP_REPORTS, slots.length);
    const cpu = describeCpu(cpuBefore, readCpu(roots), intake.elapsedMs / 1000);
    await api.stop();
    if (statementStatsWanted) await printStatementStats(pool);

    log(`baseline: ${int(BASELINE_INSERTS)} single-row INSERTs over ${CONCURRENCY} connections`);
    const baselinePerSecond = await measureBareInsertRate(local.databaseUrl, { concurrency: CONCURRENCY, count: BASELINE_INSERTS });
    return { cases: options.cases, loadMs, dedupH3, dedupEarth, gistBuildMs: built.gistMs, intake, cpu, baselinePerSecond };
  } finally {
    await api?.stop();
    await Promise.all([db.destroy(), pool.end()]);
  }
}

function printSummary(figures: Figures, reports: number): void {
  const { intake, dedupH3, dedupEarth } = figures;
  const perSecond = intake.created / (intake.elapsedMs / 1000);
  const latency = summarize(intake.latenciesMs);
  const share = perSecond / figures.baselinePerSecond;
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  const failures = [...intake.failures].map(([key, { count, example }]) => `\n  ${int(count)} × ${key}: ${example}`).join('');
  console.log(`
== intake bench: ${int(figures.cases)} open cases, ${int(reports)} reports, ${CONCURRENCY} clients, ${os.availableParallelism()} cores ==
intake: ${int(perSecond)} reports/s (target ≥ ${int(TARGETS.reportsPerSecond)}: ${verdict(perSecond >= TARGETS.reportsPerSecond)})  ${formatSummary(latency)}
  ${(intake.joined / Math.max(1, intake.created) * 100).toFixed(1)} % joined an existing case; non-201 answers: ${int(reports - intake.created)}${failures}
dedup query (H3): ${formatSummary(dedupH3)} (target p99 ≤ ${TARGETS.dedupP99Ms} ms: ${verdict(dedupH3.p99 <= TARGETS.dedupP99Ms)})
dedup query (earthdistance GiST): ${formatSummary(dedupEarth)} (index build ${(figures.gistBuildMs / 1000).toFixed(1)} s); faster at p99: ${dedupH3.p99 <= dedupEarth.p99 ? 'H3' : 'earthdistance'}
baseline single-row INSERT: ${int(figures.baselinePerSecond)} rows/s; intake/baseline = ${(share * 100).toFixed(1)} % (target ≥ ${TARGETS.shareOfBaseline * 100} %: ${verdict(share >= TARGETS.shareOfBaseline)})
bulk load: ${int(figures.cases)} cases in ${(figures.loadMs / 1000).toFixed(1)} s (${int(figures.cases / (figures.loadMs / 1000))} rows/s)
CPU during intake (cores used of ${os.availableParallelism()}): ${figures.cpu}`);
}

const options = readOptions();
const started = process.hrtime.bigint();
const postgresSettings = statementStatsWanted ? STATEMENT_STATS_SETTINGS : {};
await withBenchServices({ database: 'szcg_bench', log, postgresSettings }, async (local, dataDir) => {
  printSummary(await run(local, dataDir, options), options.reports);
  log(`done in ${(msSince(started) / 1000).toFixed(0)} s`);
});
