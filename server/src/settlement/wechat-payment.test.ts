import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildStaff, type TestCitizen, type TestStaff } from '../test-support/factories.js';
import { addRewardRules, buildReward } from '../test-support/reward-factories.js';
import { createIsolatedDatabase, spotSequence, type IsolatedDatabase } from '../test-support/isolated-database.js';
import { startWeChatPayPeer, type WeChatPayPeer } from '../test-support/wechatpay-peer.js';
import { RewardProcessor } from '../rewards/reward-processor.js';
import { settlementJobs } from './settlement-jobs.js';
import { largestWechatLineFen } from './settle-month.js';

let database: IsolatedDatabase;
let peer: WeChatPayPeer;
let app: TestApp;
let processor: RewardProcessor;
const nextSpot = spotSequence();
beforeAll(async () => {
  [database, peer] = await Promise.all([createIsolatedDatabase('wechatpay'), startWeChatPayPeer()]);
  app = await startTestApp({ DATABASE_URL: database.url, ...peer.env });
  peer.deliverTo(`${app.url}/api/v1/settlement/wechat-pay/notify`);
  processor = new RewardProcessor(app.services.db, app.clock);
  app.clock.set('2023-01-01T09:00:00+08:00');
  await addRewardRules(app, '2023-01-02T00:00:00+08:00', { baseFen: 200, firstReportBonusFen: { E0101: 10_000 } });
}, 60_000);
afterAll(async () => {
  await app.close();
  await Promise.all([database.drop(), peer.close()]);
});

/** The settlement queue's handlers, run here as its worker would run them. */
const job = (name: string) => settlementJobs(app.services).find((definition) => definition.name === name)!;
const runPayment = (batchId: number) => job('pay-batch').handle({ batchId });

/** `POST /run` as finance does it; its queued job is left to the tests' own runPayment calls. */
async function startRun(batchId: number, finance: TestStaff) {
  const response = await app.request('POST', `/api/v1/settlement/batches/${batchId}/run`, { token: finance.token });
  expect(response.status).toBe(202);
}
const reconcileBills = () => job('reconcile-bills').handle({});

/** Citizens earning in the month, then a batch approved by a maker and a checker, ready to pay. */
async function approvedBatch(month: string, earnings: string[][]): Promise<{ batchId: number; citizens: TestCitizen[]; finance: TestStaff }> {
  app.clock.set(`${month}-10T10:00:00+08:00`);
  const citizens: TestCitizen[] = [];
  for (const categories of earnings) {
    const citizen = await buildCitizen(app);
    for (const categoryCode of categories) await buildReward(app, processor, { citizen, categoryCode, spot: nextSpot() });
    citizens.push(citizen);
  }
  const [year, number] = month.split('-').map(Number);
  app.clock.set(`${year}-${String(number + 1).padStart(2, '0')}-01T03:00:00+08:00`);
  const finance = await buildStaff(app, { roles: ['finance'] });
  const checker = await buildStaff(app, { roles: ['finance'] });
  const created = await app.request('POST', '/api/v1/settlement/batches', { token: finance.token, body: { month } });
  const batchId = created.body.batch.id;
  await app.request('POST', `/api/v1/settlement/batches/${batchId}/approve`, { token: finance.token });
  await app.request('POST', `/api/v1/settlement/batches/${batchId}/approve`, { token: checker.token });
  for (const citizen of citizens) citizen.token = (await buildCitizen(app, citizen.name)).token;
  return { batchId, citizens, finance };
}

async function billsOf(citizen: TestCitizen) {
  return app.services.db
    .selectFrom('transferBills')
    .innerJoin('payoutLines', 'payoutLines.id', 'transferBills.lineId')
    .select(['transferBills.outBillNo', 'transferBills.part', 'transferBills.attempt', 'transferBills.amountFen', 'transferBills.state', 'payoutLines.status as lineStatus'])
    .where('payoutLines.citizenId', '=', citizen.id)
    .orderBy('transferBills.part')
    .orderBy('transferBills.attempt')
    .execute();
}

async function reconciliation(batchId: number, token: string) {
  const response = await app.request('GET', `/api/v1/settlement/batches/${batchId}/reconciliation`, { token });
  return response.body.reconciliation;
}

describe('paying by WeChat transfer', () => {
  it('issues bills, offers 领取, follows callbacks, splits over the limit, and re-issues only a failed part', async () => {
    const { batchId, citizens, finance } = await approvedBatch('2023-03', [['E0102', 'E0103'], ['E0101', 'E0101']]);
    const [small, large] = citizens;
    const run = await app.request('POST', `/api/v1/settlement/batches/${batchId}/run`, { token: finance.token });
    expect([run.status, run.body.batch.status]).toEqual([202, 'paying']);
    const queued = await app.services.bus.queue('settlement').getJobs(['waiting', 'delayed']);
    expect(queued.some((queuedJob) => queuedJob.name === 'pay-batch' && queuedJob.data.batchId === batchId)).toBe(true);
    await runPayment(batchId);

    const [smallBill] = await billsOf(small);
    expect(smallBill).toMatchObject({ amountFen: 400, state: 'WAIT_USER_CONFIRM', lineStatus: 'paying' });
    expect((await billsOf(large)).map((bill) => [bill.part, bill.amountFen])).toEqual([
      [1, 20_000],
      [2, 400],
    ]);
    const transfers = await app.request('GET', '/api/v1/rewards/transfers', { token: small.token });
    expect(transfers.body.transfers).toEqual([
      { outBillNo: smallBill.outBillNo, amountFen: 400, mchId: peer.env.WECHAT_PAY_MCH_ID, appId: peer.env.WECHAT_PAY_APPID, package: peer.bills.get(smallBill.outBillNo)!.package_info, expiresAt: expect.any(String) },
    ]);

    expect(await peer.advance(smallBill.outBillNo, 'SUCCESS')).toBe(204);
    expect(await peer.sendCallback(smallBill.outBillNo)).toBe(204);
    expect(await peer.sendCallback(smallBill.outBillNo, { tamper: true })).toBe(401);
    expect((await billsOf(small))[0]).toMatchObject({ state: 'SUCCESS', lineStatus: 'paid' });

    const progress = async () => (await app.request('GET', `/api/v1/settlement/batches/${batchId}/progress`, { token: finance.token })).body.progress;
    expect(await progress()).toMatchObject({
      batch: { id: batchId, status: 'paying' },
      lines: { total: 2, pending: 0, paying: 1, paid: 1, failed: 0, totalFen: 20_800, paidFen: 400, channels: ['wechat_transfer'] },
      percent: 50,
      bills: expect.arrayContaining([{ state: 'SUCCESS', bills: 1, amountFen: 400 }, { state: 'WAIT_USER_CONFIRM', bills: 2, amountFen: 20_400 }]),
    });

    const [first, second] = await billsOf(large);
    await peer.advance(first.outBillNo, 'SUCCESS');
    await peer.advance(second.outBillNo, 'CANCELLED', '用户24小时内未确认');
    const listed = await app.request('GET', `/api/v1/settlement/batches/${batchId}/bills?state=CANCELLED`, { token: finance.token });
    expect(listed.body.bills).toEqual([expect.objectContaining({ outBillNo: second.outBillNo, state: 'CANCELLED', failReason: '用户24小时内未确认', cancellable: false, reissuable: true })]);
    await runPayment(batchId);
    const reissued = await billsOf(large);
    expect(reissued.map((bill) => [bill.part, bill.attempt, bill.state])).toEqual([
      [1, 1, 'SUCCESS'],
      [2, 1, 'CANCELLED'],
      [2, 2, 'WAIT_USER_CONFIRM'],
    ]);
    const afterReissue = await app.request('GET', `/api/v1/settlement/batches/${batchId}/bills`, { token: finance.token });
    const flags = Object.fromEntries(afterReissue.body.bills.map((bill: any) => [bill.outBillNo, [bill.cancellable, bill.reissuable]]));
    expect(flags[second.outBillNo]).toEqual([false, false]);
    expect(flags[reissued[2].outBillNo]).toEqual([true, false]);
    await peer.advance(reissued[2].outBillNo, 'SUCCESS');
    expect((await billsOf(large)).every((bill) => bill.lineStatus === 'paid')).toBe(true);
    expect((await progress()).percent).toBe(100);

    const batch = await app.request('GET', `/api/v1/settlement/batches/${batchId}`, { token: finance.token });
    expect(batch.body.batch.status).toBe('done');
    expect(await reconciliation(batchId, finance.token)).toMatchObject({ paidLinesFen: 20_800, paidByBillsFen: 20_800, mismatchedLines: [], doublePaidParts: [], differenceFen: 0 });
  });

  it('never makes a second bill when the outcome of a call is unknown', async () => {
    const { batchId, citizens, finance } = await approvedBatch('2023-04', [['E0102'], ['E0103'], ['E0104']]);
    await startRun(batchId, finance);
    peer.failNext('FREQUENCY_LIMITED');
    await expect(runPayment(batchId)).rejects.toThrow(/too many calls/);
    peer.failNext('answer_lost');
    await expect(runPayment(batchId)).rejects.toThrow(/did not answer/);
    peer.failNext('tampered');
    await expect(runPayment(batchId)).rejects.toThrow(/refused an answer/);
    peer.failNext('SYSTEM_ERROR');
    await expect(runPayment(batchId)).rejects.toThrow(/answered 500/);
    await runPayment(batchId);
    for (const citizen of citizens) {
      const bills = await billsOf(citizen);
      expect(bills).toHaveLength(1);
      expect(bills[0].state).toBe('WAIT_USER_CONFIRM');
      expect([...peer.bills.values()].filter((bill) => bill.out_bill_no === bills[0].outBillNo)).toHaveLength(1);
    }
    for (const citizen of citizens) await peer.advance((await billsOf(citizen))[0].outBillNo, 'SUCCESS');
    expect(await reconciliation(batchId, finance.token)).toMatchObject({ differenceFen: 0, paidLinesFen: 600 });
  });

  it('applies a callback that overtakes the create answer, and ignores the stale answer after it', async () => {
    const { batchId, citizens, finance } = await approvedBatch('2023-05', [['E0102']]);
    await startRun(batchId, finance);
    const hold = peer.holdNextCreate('after_create');
    const running = runPayment(batchId);
    const bill = (await hold.reached)!;
    expect((await billsOf(citizens[0]))[0].state).toBe('CREATING');
    expect(await peer.advance(bill.out_bill_no, 'SUCCESS')).toBe(204);
    hold.release();
    await running;
    expect(await billsOf(citizens[0])).toEqual([expect.objectContaining({ state: 'SUCCESS', lineStatus: 'paid' })]);
  });

  it('reconciliation queries bills whose callback never came, in platform-certificate mode too', async () => {
    const { batchId, citizens, finance } = await approvedBatch('2023-06', [['E0102'], ['E0103']]);
    await startRun(batchId, finance);
    await runPayment(batchId);
    peer.useMode('certificate');
    try {
      for (const citizen of citizens) peer.bills.get((await billsOf(citizen))[0].outBillNo)!.state = 'SUCCESS';
      await reconcileBills();
    } finally {
      peer.useMode('public_key');
    }
    for (const citizen of citizens) expect((await billsOf(citizen))[0]).toMatchObject({ state: 'SUCCESS', lineStatus: 'paid' });
    expect((await app.request('GET', `/api/v1/settlement/batches/${batchId}`, { token: finance.token })).body.batch.status).toBe('done');
  });

  it('finance cancels an unconfirmed bill; the next run issues a new one', async () => {
    const { batchId, citizens, finance } = await approvedBatch('2023-07', [['E0102']]);
    await startRun(batchId, finance);
    await runPayment(batchId);
    const [bill] = await billsOf(citizens[0]);
    const cancelled = await app.request('POST', `/api/v1/settlement/batches/${batchId}/bills/${bill.outBillNo}/cancel`, { token: finance.token });
    expect(cancelled.body.bill.state).toBe('CANCELING');
    await reconcileBills();
    await runPayment(batchId);
    expect((await billsOf(citizens[0])).map((found) => [found.attempt, found.state])).toEqual([
      [1, 'CANCELLED'],
      [2, 'WAIT_USER_CONFIRM'],
    ]);
    const listed = await app.request('GET', `/api/v1/settlement/batches/${batchId}/bills?state=CANCELLED`, { token: finance.token });
    expect(listed.body.bills.map((found: any) => found.outBillNo)).toEqual([bill.outBillNo]);
  });
});

describe('the real-name threshold (user_name from 2,000 元)', () => {
  it('pays a line from 2,000 元 by hand, since we hold no real name; a line just below is split into bills', async () => {
    await addRewardRules(app, '2023-09-01T00:00:00+08:00', { baseFen: 100_000, categoryBaseFen: { E0103: 99_999 } });
    const { batchId, citizens, finance } = await approvedBatch('2023-09', [['E0102', 'E0102'], ['E0102', 'E0103']]);
    const [atThreshold, below] = citizens;
    const lines = (await app.request('GET', `/api/v1/settlement/batches/${batchId}/lines?pageSize=100`, { token: finance.token })).body.lines;
    const lineOf = (citizen: TestCitizen) => lines.find((line: any) => line.citizenId === citizen.id);
    expect(lineOf(atThreshold)).toMatchObject({ amountFen: 200_000, channel: 'manual', status: 'pending' });
    expect(lineOf(below)).toMatchObject({ amountFen: 199_999, channel: 'wechat_transfer' });
    await startRun(batchId, finance);
    await runPayment(batchId);
    expect(await billsOf(atThreshold)).toEqual([]);
    expect((await billsOf(below)).map((bill) => bill.amountFen)).toEqual([...Array(9).fill(20_000), 19_999]);
  });

  it('keeps every WeChat line below 2,000 元, and below the single limit when over-limit lines are paid by hand', () => {
    expect(largestWechatLineFen(null)).toBe(199_999);
    expect(largestWechatLineFen({ singleLimitFen: 20_000, overLimit: 'split' })).toBe(199_999);
    expect(largestWechatLineFen({ singleLimitFen: 20_000, overLimit: 'manual' })).toBe(20_000);
    // A merchant whose scene allows larger transfers still needs real names from 2,000 元.
    expect(largestWechatLineFen({ singleLimitFen: 500_000, overLimit: 'manual' })).toBe(199_999);
  });
});
