/**
 * `npm run bench:settlement`: settlement at a city's scale. Loads a ledger (default 1,000,000
 * credits over 200,000 citizens) into a fresh PostgreSQL, times building the month's batch and
 * its review queries and approvals, then pays a smaller batch through WeChat Pay transfers
 * against the local peer, which enforces a frequency limit. Baselines from the same run: the
 * bare aggregation of the ledger into a plain table (what building lines cannot beat), and the
 * configured call pace (what paying cannot beat). It prints figures; it asserts nothing.
 *
 *   --entries=N   credits to load, default 1,000,000     --citizens=M  default 200,000
 *   --payouts=P   lines paid through the peer, default 2,000
 */
import os from 'node:os';
import pg from 'pg';
import type { LocalServices } from '../../scripts/lib/local-services.js';
import { loadConfig } from '../../server/src/config/config.js';
import { createLogger } from '../../server/src/config/logger.js';
import { prepareDatabase } from '../../server/src/db/prepare.js';
import { openServices, type Services } from '../../server/src/services.js';
import type { StaffActor } from '../../server/src/auth/tokens.js';
import { settleMonth } from '../../server/src/settlement/settle-month.js';
import { approveBatch } from '../../server/src/settlement/review-batch.js';
import { startPayment } from '../../server/src/settlement/run-payment.js';
import { payWechatLines } from '../../server/src/settlement/pay-wechat-lines.js';
import { reconcileBatch } from '../../server/src/settlement/reconcile.js';
import { deviceOutliers, earningsBy, lineTotals, outlierLines } from '../../server/src/settlement/queries.js';
import { monthRange } from '../../server/src/rewards/rules.js';
import { TestClock } from '../../server/src/test-support/test-clock.js';
import { startWeChatPayPeer, type WeChatPayPeer } from '../../server/src/test-support/wechatpay-peer.js';
import { loadLedger, loadPayableMonth } from './lib/ledger-load.js';
import { int, msSince } from './lib/percentiles.js';
import { readCountOptions } from './lib/count-options.js';
import { withBenchServices } from './lib/bench-services.js';

const PACE_PER_SECOND = 100;
const PEER_LIMIT_PER_SECOND = 120;
const TARGET_BUILD_SECONDS = 60;

const log = (line: string) => console.log(`[bench] ${line}`);

function readOptions() {
  return readCountOptions({ entries: { fallback: 1_000_000 }, citizens: { fallback: 200_000 }, payouts: { fallback: 2_000 } });
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await work();
  return { ms: msSince(start), value };
}

/** Two finance users written straight to the table, as the actors of the approvals. */
async function financeActors(client: pg.Client): Promise<StaffActor[]> {
  const { rows } = await client.query(
    `insert into staff (username, name, password_hash, roles, created_at)
     values ('bench-maker', '制单', 'x', '{finance}', now()), ('bench-checker', '复核', 'x', '{finance}', now()) returning id, username`,
  );
  return rows.map((row) => ({ kind: 'staff', staffId: Number(row.id), sessionId: 'bench', username: row.username, name: row.username, roles: ['finance'], departmentCode: null }));
}

async function run(local: LocalServices, peer: WeChatPayPeer, options: ReturnType<typeof readOptions>) {
  const clock = new TestClock('2025-05-01T03:00:00+08:00');
  const config = loadConfig({ ...process.env, ...peer.env, DATABASE_URL: local.databaseUrl, REDIS_URL: local.redisUrl, DEMO_MODE: 'true', NODE_ENV: 'test', WECHAT_PAY_CALLS_PER_SECOND: String(PACE_PER_SECOND), WECHAT_PAY_TIMEOUT_MS: '5000' });
  const services: Services = openServices(config, { clock, logger: createLogger('warn'), queuePrefix: 'bench' });
  const client = new pg.Client(local.databaseUrl);
  await client.connect();
  try {
    await prepareDatabase(services.db, { demoCity: true });
    log(`loading ${int(options.entries)} ledger entries over ${int(options.citizens)} citizens`);
    const load = await timed(() => loadLedger(client, { entries: options.entries, citizens: options.citizens, month: '2025-03' }));
    log(`loaded in ${(load.ms / 1000).toFixed(1)} s`);

    const baseline = await timed(() => client.query(`create unlogged table bench_baseline as select citizen_id, sum(amount_fen) as balance from reward_ledger group by citizen_id`));
    const build = await timed(() => settleMonth(services, { month: '2025-03' }));
    const batchId = build.value.batchId;
    const month = monthRange('2025-03');
    const review = await timed(() => Promise.all([lineTotals(services.db, batchId), earningsBy(services.db, batchId, 'street', month), earningsBy(services.db, batchId, 'category', month), outlierLines(services.db, batchId, 20), deviceOutliers(services.db, batchId, month, 30)]));
    const [maker, checker] = await financeActors(client);
    const approval = await timed(async () => {
      await approveBatch(services, { actor: maker, ip: '127.0.0.1', batchId });
      await approveBatch(services, { actor: checker, ip: '127.0.0.1', batchId });
    });
    const lines = review.value[0].reduce((sum, row) => sum + Number(row.lines), 0);

    log(`paying ${int(options.payouts)} lines through the peer (pace ${PACE_PER_SECOND}/s, peer limit ${PEER_LIMIT_PER_SECOND}/s)`);
    await loadPayableMonth(client, options.payouts, '2025-04');
    clock.set('2025-06-01T03:00:00+08:00');
    const payable = (await settleMonth(services, { month: '2025-04' })).batchId;
    await approveBatch(services, { actor: maker, ip: '127.0.0.1', batchId: payable });
    await approveBatch(services, { actor: checker, ip: '127.0.0.1', batchId: payable });
    await startPayment(services, { actor: maker, ip: '127.0.0.1', batchId: payable });
    const payment = await timed(() => payWechatLines({ db: services.db, clock, logger: services.logger, client: services.wechatPay!, config: config.wechatPay! }, payable));
    const reconciliation = await reconcileBatch(services.db, payable);
    return { load, baseline, build, review, approval, lines, payment, reconciliation };
  } finally {
    await client.end();
    await services.close();
  }
}

const options = readOptions();
const peer = await startWeChatPayPeer({ rateLimitPerSecond: PEER_LIMIT_PER_SECOND });
try {
  const figures = await withBenchServices({ database: 'szcg_bench', log }, (local) => run(local, peer, options));
  const buildSeconds = figures.build.ms / 1000;
  const paidPerSecond = figures.payment.value.calls / (figures.payment.ms / 1000);
  console.log(`
== settlement bench: ${int(options.entries)} ledger entries, ${int(options.citizens)} citizens, ${os.availableParallelism()} cores ==
batch built: ${int(figures.lines)} lines in ${buildSeconds.toFixed(2)} s (target ≤ ${TARGET_BUILD_SECONDS} s: ${buildSeconds <= TARGET_BUILD_SECONDS ? 'met' : 'MISSED'})
  baseline, bare GROUP BY into an unlogged table: ${(figures.baseline.ms / 1000).toFixed(2)} s; batch/baseline = ${(figures.build.ms / figures.baseline.ms).toFixed(2)}×
review queries (totals per status/channel, street, category; outliers): ${int(figures.review.ms)} ms
approval (maker + checker): ${int(figures.approval.ms)} ms
payout: ${int(figures.payment.value.calls)} bills in ${(figures.payment.ms / 1000).toFixed(1)} s = ${paidPerSecond.toFixed(1)} bills/s
  baseline, configured pace: ${PACE_PER_SECOND}/s; payout/pace = ${((paidPerSecond / PACE_PER_SECOND) * 100).toFixed(1)} %; FREQUENCY_LIMITED answers: ${peer.rateLimited}
  reconciliation of the paid batch: ledger ${int(figures.reconciliation.ledgerFen)} 分, lines ${int(figures.reconciliation.linesFen)} 分, difference ${figures.reconciliation.differenceFen} 分
bulk load: ${(figures.load.ms / 1000).toFixed(1)} s`);
} finally {
  await peer.close();
}
