/**
 * Fault injection for payouts: the payment worker is killed (SIGKILL) before its call to WeChat
 * Pay, after WeChat Pay made the bill but before the answer was written, and the API is killed
 * while it handles a callback. Each is run again. In the end no line is paid twice, none is
 * lost, and the ledger, the lines and the bills (ours and the peer's) agree to the 分.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../../scripts/lib/host.js';
import { startTestApp, type TestApp } from '../../server/src/test-support/test-app.js';
import { buildCitizen, buildStaff } from '../../server/src/test-support/factories.js';
import { addRewardRules, buildReward } from '../../server/src/test-support/reward-factories.js';
import { createIsolatedDatabase, spotSequence, type IsolatedDatabase } from '../../server/src/test-support/isolated-database.js';
import { startWeChatPayPeer, type WeChatPayPeer } from '../../server/src/test-support/wechatpay-peer.js';
import { RewardProcessor } from '../../server/src/rewards/reward-processor.js';
import { followOpenBills, reconcileBatch } from '../../server/src/settlement/reconcile.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CITIZENS = 5;

let database: IsolatedDatabase;
let peer: WeChatPayPeer;
let app: TestApp;
beforeAll(async () => {
  [database, peer] = await Promise.all([createIsolatedDatabase('fault'), startWeChatPayPeer()]);
  app = await startTestApp({ DATABASE_URL: database.url, ...peer.env });
}, 60_000);
afterAll(async () => {
  await app.close();
  await Promise.all([database.drop(), peer.close()]);
});

function childEnv(extra: Record<string, string> = {}) {
  return { ...process.env, ...peer.env, DATABASE_URL: database.url, NODE_OPTIONS: '', NODE_ENV: 'test', DEMO_MODE: 'true', LOG_LEVEL: 'error', ...extra };
}

function spawnNode(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env, stdio: 'ignore' });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

async function kill(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL');
  await exited(child);
}

const payRun = (batchId: number) => spawnNode(['tests/fault/lib/pay-run.ts', String(batchId)], childEnv());

async function startApi(port: number): Promise<ChildProcess> {
  const child = spawnNode(['server/src/main.ts'], childEnv({ PORT: String(port), SERVICES: 'api' }));
  for (let attempt = 0; attempt < 300; attempt++) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await kill(child);
  throw new Error('API did not become healthy');
}

/** Waits until some session of the test database waits for a lock: the callback is inside its transaction. */
async function untilSomeoneWaitsForALock(client: pg.Client): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const { rows } = await client.query(
      `select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid where not l.granted and a.datname = current_database()`,
    );
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no callback blocked on the bill row');
}

async function ourBills() {
  return app.services.db.selectFrom('transferBills').select(['outBillNo', 'lineId', 'part', 'state', 'amountFen']).orderBy('id').execute();
}

/** Citizens with a month of rewards, settled, approved by two finance users and started. */
async function batchReadyToPay(): Promise<number> {
  const processor = new RewardProcessor(app.services.db, app.clock);
  const nextSpot = spotSequence();
  app.clock.set('2022-01-01T09:00:00+08:00');
  await addRewardRules(app, '2022-01-02T00:00:00+08:00', { baseFen: 200 });
  app.clock.set('2022-03-10T10:00:00+08:00');
  for (let i = 0; i < CITIZENS; i++) {
    const citizen = await buildCitizen(app);
    for (let j = 0; j <= i; j++) await buildReward(app, processor, { citizen, categoryCode: 'E0102', spot: nextSpot() });
  }
  app.clock.set('2022-04-01T03:00:00+08:00');
  const [maker, checker] = [await buildStaff(app, { roles: ['finance'] }), await buildStaff(app, { roles: ['finance'] })];
  const batchId = (await app.request('POST', '/api/v1/settlement/batches', { token: maker.token, body: { month: '2022-03' } })).body.batch.id;
  await app.request('POST', `/api/v1/settlement/batches/${batchId}/approve`, { token: maker.token });
  await app.request('POST', `/api/v1/settlement/batches/${batchId}/approve`, { token: checker.token });
  expect((await app.request('POST', `/api/v1/settlement/batches/${batchId}/run`, { token: maker.token })).status).toBe(202);
  return batchId;
}

it('pays every line exactly once whatever step the worker or the API dies at', async () => {
  const batchId = await batchReadyToPay();

  // The worker pays a few lines at once; the peer holds one create while the others run on.
  // 1. Killed before the call: a bill recorded CREATING that WeChat Pay never saw.
  const beforeCall = peer.holdNextCreate('before_create');
  let worker = payRun(batchId);
  await beforeCall.reached;
  await kill(worker);
  beforeCall.release({ drop: true });
  expect((await ourBills()).filter((bill) => bill.state === 'CREATING' && !peer.bills.has(bill.outBillNo)).length).toBeGreaterThan(0);

  // 2. Rerun, killed after WeChat Pay made a bill and before its answer was written.
  const afterCall = peer.holdNextCreate('after_create');
  worker = payRun(batchId);
  const made = await afterCall.reached;
  await kill(worker);
  afterCall.release({ drop: true });
  expect((await ourBills()).find((bill) => bill.outBillNo === made!.out_bill_no)?.state).toBe('CREATING');

  // 3. Rerun to the end: the CREATING bill is found by query, not made twice.
  worker = payRun(batchId);
  expect(await exited(worker)).toBe(0);
  const bills = await ourBills();
  expect(bills).toHaveLength(CITIZENS);
  expect(bills.every((bill) => bill.state === 'WAIT_USER_CONFIRM')).toBe(true);
  expect([...peer.bills.keys()].sort()).toEqual(bills.map((bill) => bill.outBillNo).sort());

  // 4. The API dies while a callback is inside its transaction; WeChat Pay sends it again.
  const port = await freePort();
  let api = await startApi(port);
  peer.deliverTo(`http://127.0.0.1:${port}/api/v1/settlement/wechat-pay/notify`);
  const blocker = new pg.Client(database.url);
  await blocker.connect();
  await blocker.query('begin');
  await blocker.query('select id from transfer_bills where out_bill_no = $1 for update', [bills[0].outBillNo]);
  const firstCallback = peer.advance(bills[0].outBillNo, 'SUCCESS');
  await untilSomeoneWaitsForALock(blocker);
  await kill(api);
  await blocker.query('rollback');
  await blocker.end();
  expect(await firstCallback).toBe(0);
  expect((await ourBills())[0].state).toBe('WAIT_USER_CONFIRM');
  api = await startApi(port);
  expect(await peer.sendCallback(bills[0].outBillNo)).toBe(204);

  // The others: callbacks twice, and one never sent (reconciliation finds it).
  for (const bill of bills.slice(1, -1)) {
    expect(await peer.advance(bill.outBillNo, 'SUCCESS')).toBe(204);
    expect(await peer.sendCallback(bill.outBillNo)).toBe(204);
  }
  peer.bills.get(bills.at(-1)!.outBillNo)!.state = 'SUCCESS';
  await followOpenBills({ db: app.services.db, clock: app.clock, logger: app.services.logger, client: app.services.wechatPay! });
  await kill(api);

  // No line paid twice, none lost, and everything agrees to the 分.
  const lines = await app.services.db.selectFrom('payoutLines').select(['id', 'status', 'amountFen']).where('batchId', '=', batchId).execute();
  expect(lines).toHaveLength(CITIZENS);
  expect(lines.every((line) => line.status === 'paid')).toBe(true);
  const peerPaid = [...peer.bills.values()].filter((bill) => bill.state === 'SUCCESS');
  expect(peerPaid).toHaveLength(CITIZENS);
  expect(new Set(peerPaid.map((bill) => bill.out_bill_no)).size).toBe(CITIZENS);
  const linesFen = lines.reduce((sum, line) => sum + line.amountFen, 0);
  expect(peerPaid.reduce((sum, bill) => sum + bill.transfer_amount, 0)).toBe(linesFen);
  expect(linesFen).toBe(200 * ((CITIZENS * (CITIZENS + 1)) / 2));
  expect(await reconcileBatch(app.services.db, batchId)).toMatchObject({ ledgerFen: linesFen, paidByBillsFen: linesFen, mismatchedLines: [], doublePaidParts: [], differenceFen: 0 });
  const batch = await app.services.db.selectFrom('settlementBatches').select('status').where('id', '=', batchId).executeTakeFirstOrThrow();
  expect(batch.status).toBe('done');
}, 180_000);
