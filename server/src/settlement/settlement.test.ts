import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildStaff, loginDemoStaff, type TestCitizen, type TestStaff } from '../test-support/factories.js';
import { actOk } from '../test-support/case-factories.js';
import { addRewardRules, buildReward, deliverCaseEvents } from '../test-support/reward-factories.js';
import { createIsolatedDatabase, spotSequence, type IsolatedDatabase } from '../test-support/isolated-database.js';
import { RewardProcessor } from '../rewards/reward-processor.js';
import { scheduleSettlement, settlementJobs } from './settlement-jobs.js';
import { protectPayoutPhones } from './protect-payout-phones.js';
import { decryptPhone } from '../users/phone-numbers.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let database: IsolatedDatabase;
let app: TestApp;
let processor: RewardProcessor;
const nextSpot = spotSequence();
beforeAll(async () => {
  database = await createIsolatedDatabase('settlement');
  app = await startTestApp({ DATABASE_URL: database.url });
  processor = new RewardProcessor(app.services.db, app.clock);
  app.clock.set('2024-01-01T09:00:00+08:00');
  await addRewardRules(app, '2024-01-02T00:00:00+08:00', { baseFen: 200, firstReportBonusFen: { E0101: 10_000 } });
}, 60_000);
afterAll(async () => {
  await app.close();
  await database.drop();
});

/** Moves to the 10th of the month and earns a reward per category for the citizen. */
async function earnIn(month: string, citizen: TestCitizen | undefined, categories: string[]) {
  app.clock.set(`${month}-10T10:00:00+08:00`);
  const who = citizen ? await buildCitizen(app, citizen.name) : await buildCitizen(app);
  const cases = [];
  for (const categoryCode of categories) cases.push(await buildReward(app, processor, { citizen: who, categoryCode, spot: nextSpot() }));
  return { citizen: who, cases };
}

/** Moves to 03:00 on the 1st of the month after and has a new finance user settle the month. */
async function settle(month: string): Promise<{ batch: any; finance: TestStaff }> {
  const [year, number] = month.split('-').map(Number);
  const next = number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
  app.clock.set(`${next}-01T03:00:00+08:00`);
  const finance = await buildStaff(app, { roles: ['finance'] });
  const response = await app.request('POST', '/api/v1/settlement/batches', { token: finance.token, body: { month } });
  expect(response.status).toBe(201);
  return { batch: response.body.batch, finance };
}

async function linesOf(token: string, batchId: number, query = '') {
  const response = await app.request('GET', `/api/v1/settlement/batches/${batchId}/lines?pageSize=100${query}`, { token });
  expect(response.status).toBe(200);
  return response.body.lines as any[];
}

const lineOf = (lines: any[], citizen: TestCitizen) => lines.find((line) => line.citizenId === citizen.id);

describe('building a month', () => {
  it('turns payable balances into one batch per month, and takes them off the balances', async () => {
    const a = await earnIn('2024-03', undefined, ['E0102', 'E0103']);
    const b = await earnIn('2024-03', undefined, ['E0101']);
    const c = await earnIn('2024-03', undefined, ['E0102']);
    await actOk(app, (await loginDemoStaff(app, 'dispatcher')).token, c.cases[0].caseId, 'void', { reason: '虚假举报' });
    await deliverCaseEvents(app, processor, c.cases[0].caseId, 'case.voided');

    const { batch, finance } = await settle('2024-03');
    expect(batch).toMatchObject({ month: '2024-03', status: 'review', createdBy: finance.id, maker: null, checker: null });
    const again = await app.request('POST', '/api/v1/settlement/batches', { token: finance.token, body: { month: '2024-03' } });
    expect([again.status, again.body.created, again.body.batch.id]).toEqual([200, false, batch.id]);

    const lines = await linesOf(finance.token, batch.id);
    expect(lineOf(lines, a.citizen)).toMatchObject({ amountFen: 400, channel: 'wechat_transfer', status: 'pending', rewardCount: 2, openid: expect.stringContaining('****') });
    expect(lineOf(lines, b.citizen)).toMatchObject({ amountFen: 10_200, rewardCount: 2 });
    expect(lineOf(lines, c.citizen)).toBeUndefined();

    const mine = await app.request('GET', '/api/v1/rewards/mine', { token: (await buildCitizen(app, a.citizen.name)).token });
    expect(mine.body.balanceFen).toBe(0);
    expect(mine.body.statements).toEqual([{ month: '2024-03', earnedFen: 400, reversedFen: 0, settledFen: 400 }]);
    expect(mine.body.payouts).toEqual([{ lineId: lineOf(lines, a.citizen).id, month: '2024-03', amountFen: 400, channel: 'wechat_transfer', status: 'pending', paidAt: null }]);
  });

  it('refuses a month not over yet, and anyone but finance', async () => {
    app.clock.set('2024-04-20T10:00:00+08:00');
    const finance = await buildStaff(app, { roles: ['finance'] });
    const early = await app.request('POST', '/api/v1/settlement/batches', { token: finance.token, body: { month: '2024-04' } });
    expect([early.status, early.body.error.code]).toEqual([422, 'settlement.month_not_over']);
    const reviewer = await loginDemoStaff(app, 'reviewer');
    expect((await app.request('POST', '/api/v1/settlement/batches', { token: reviewer.token, body: { month: '2024-03' } })).status).toBe(403);
    expect((await app.request('GET', '/api/v1/settlement/batches', { token: reviewer.token })).status).toBe(403);
  });
});

describe('the scheduler', () => {
  it('repeats the monthly settlement on the 1st and reconciliation, and settles the month before', async () => {
    await scheduleSettlement(app.services);
    const schedulers = await app.services.bus.queue('settlement').getJobSchedulers();
    expect(schedulers.map((scheduler) => [scheduler.name, scheduler.pattern ?? null, scheduler.tz ?? null]).sort()).toEqual([
      ['reconcile-bills', null, null],
      ['settle-month', '0 0 2 1 * *', 'Asia/Shanghai'],
    ]);
    const earned = await earnIn('2024-02', undefined, ['E0102']);
    app.clock.set('2024-03-01T02:00:00+08:00');
    await settlementJobs(app.services).find((job) => job.name === 'settle-month')!.handle({});
    const batch = await app.services.db.selectFrom('settlementBatches').select(['id', 'createdBy']).where('month', '=', '2024-02-01').executeTakeFirstOrThrow();
    expect(batch.createdBy).toBeNull();
    const line = await app.services.db.selectFrom('payoutLines').select('amountFen').where('batchId', '=', batch.id).where('citizenId', '=', earned.citizen.id).executeTakeFirstOrThrow();
    expect(line.amountFen).toBe(200);
    const audit = await app.services.db.selectFrom('staffAuditLog').select(['username', 'action']).where('targetType', '=', 'settlement_batch').where('targetId', '=', String(batch.id)).execute();
    expect(audit).toEqual([{ username: 'scheduler', action: 'settlement.batch_created' }]);
  });
});

describe('review', () => {
  it('filters lines and shows totals per street and category, and outliers', async () => {
    const busy = await earnIn('2024-05', undefined, ['E0102', 'E0103', 'E0104']);
    const quiet = await earnIn('2024-05', undefined, ['E0101']);
    const { batch, finance } = await settle('2024-05');
    expect((await linesOf(finance.token, batch.id, '&minRewards=3')).map((line) => line.citizenId)).toEqual([busy.citizen.id]);
    expect((await linesOf(finance.token, batch.id, '&minAmountFen=10000')).map((line) => line.citizenId)).toEqual([quiet.citizen.id]);
    expect(await linesOf(finance.token, batch.id, '&channel=phone_credit')).toEqual([]);

    const detail = await app.request('GET', `/api/v1/settlement/batches/${batch.id}?outlierMinRewards=3`, { token: finance.token });
    expect(detail.status).toBe(200);
    const { byCategory, byStreet, byStatusAndChannel } = detail.body.totals;
    expect(byCategory).toEqual(
      expect.arrayContaining([
        { code: 'E0101', name: expect.any(String), rewards: 2, amountFen: 10_200 },
        { code: 'E0103', name: expect.any(String), rewards: 1, amountFen: 200 },
      ]),
    );
    expect(byStreet[0].name).toMatch(/街道$/);
    expect(byStreet.reduce((sum: number, street: any) => sum + street.amountFen, 0)).toBe(10_800);
    expect(byStatusAndChannel).toEqual([{ status: 'pending', channel: 'wechat_transfer', lines: 2, amountFen: 10_800 }]);
    expect(detail.body.outliers).toEqual([expect.objectContaining({ citizenId: busy.citizen.id, rewardCount: 3 })]);
    expect(detail.body.deviceOutliers).toEqual([]);
    const street = byStreet[0].code;
    expect((await linesOf(finance.token, batch.id, `&streetCode=${street}`)).length).toBeGreaterThan(0);
  });

  it('lists the devices that reported for several payees, or reported often, with those payees', async () => {
    const first = await earnIn('2024-04', undefined, ['E0102', 'E0103']);
    const second = await earnIn('2024-04', undefined, ['E0104']);
    const alone = await earnIn('2024-04', undefined, ['E0101']);
    // One installation behind the first two accounts (their photos' uploads said so), another behind the third.
    const deviceOf = async (who: TestCitizen, deviceId: string) =>
      app.services.db.updateTable('photos').set({ deviceId }).where('ownerCitizenId', '=', who.id).execute();
    await deviceOf(first.citizen, 'shared-device-01');
    await deviceOf(second.citizen, 'shared-device-01');
    await deviceOf(alone.citizen, 'single-device-02');
    const { batch, finance } = await settle('2024-04');
    const detail = await app.request('GET', `/api/v1/settlement/batches/${batch.id}`, { token: finance.token });
    expect(detail.body.deviceOutliers).toEqual([
      { deviceId: 'shared-device-01', reports: 3, citizens: 2, payees: [first.citizen.id, second.citizen.id].sort((a, b) => a - b) },
    ]);
    const often = await app.request('GET', `/api/v1/settlement/batches/${batch.id}?outlierMinDeviceReports=1`, { token: finance.token });
    expect(often.body.deviceOutliers.map((device: { deviceId: string }) => device.deviceId)).toEqual(['shared-device-01', 'single-device-02']);
  });

  it('exports the lines as .xlsx, masked, with totals per street and category, and audits it', async () => {
    const busy = await earnIn('2024-08', undefined, ['E0102', 'E0103']);
    await earnIn('2024-08', undefined, ['E0104']);
    const { batch, finance } = await settle('2024-08');
    const reviewer = await loginDemoStaff(app, 'reviewer');
    const url = `/api/v1/settlement/batches/${batch.id}/payouts.xlsx`;
    expect((await app.request('GET', url, { token: reviewer.token })).status).toBe(403);
    expect((await app.request('GET', `${url}?minRewards=x`, { token: finance.token })).status).toBe(400);

    const exported = await fetch(`${app.url}${url}?minRewards=2`, { headers: { authorization: `Bearer ${finance.token}` } });
    expect([exported.status, exported.headers.get('content-type')]).toEqual([200, XLSX]);
    expect(exported.headers.get('content-disposition')).toContain('payouts-2024-08.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await exported.arrayBuffer());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['2024-08 发放明细', '按街道汇总', '按类别汇总']);
    const rows = workbook.worksheets[0].getSheetValues().slice(2) as unknown[][];
    expect(rows).toHaveLength(2);
    expect(rows[0].slice(2, 8)).toEqual([busy.citizen.id, '微信转账', '待发放', 4, 2, expect.stringContaining('****')]);
    expect([rows[1][1], rows[1][2], rows[1][5]]).toEqual(['合计', '1 行', 4]);
    const byCategory = workbook.worksheets[2].getSheetValues().slice(2) as unknown[][];
    expect(byCategory.map((row) => row[1]).sort()).toEqual(['E0102', 'E0103', 'E0104']);

    const audit = await app.services.db.selectFrom('staffAuditLog').select(['action', 'details']).where('staffId', '=', finance.id).where('action', '=', 'settlement.payouts_exported').execute();
    expect(audit).toEqual([{ action: 'settlement.payouts_exported', details: { filter: { minRewards: 2 }, lines: 1 } }]);
  });
});

describe('channels outside WeChat Pay', () => {
  it('exports phone credit for the carrier, imports its results, records vouchers, and closes the batch', async () => {
    const byPhone = await earnIn('2024-06', undefined, ['E0102']);
    const failing = await earnIn('2024-06', undefined, ['E0103']);
    const byHand = await earnIn('2024-06', undefined, ['E0104']);
    for (const [who, body] of [
      [byPhone, { channel: 'phone_credit', phone: '13812341234' }],
      [failing, { channel: 'phone_credit', phone: '13900001111' }],
      [byHand, { channel: 'manual' }],
    ] as const) {
      const saved = await app.request('PUT', '/api/v1/rewards/preference', { token: who.citizen.token, body });
      expect(saved.status).toBe(200);
    }
    const { batch, finance } = await settle('2024-06');
    const checker = await buildStaff(app, { roles: ['finance'] });
    await app.request('POST', `/api/v1/settlement/batches/${batch.id}/approve`, { token: finance.token });
    await app.request('POST', `/api/v1/settlement/batches/${batch.id}/approve`, { token: checker.token });
    const lines = await linesOf(finance.token, batch.id);
    expect(lineOf(lines, byPhone.citizen)).toMatchObject({ channel: 'phone_credit', phone: '138****1234' });
    // At rest only ciphertext and the masked form; the carrier's list below decrypts.
    const stored = await sql<{ row: string }>`
      select row_to_json(t)::text as row from (
        select phone, phone_encrypted, phone_masked from payout_preferences where citizen_id = ${byPhone.citizen.id}
        union all select phone, phone_encrypted, phone_masked from payout_lines where citizen_id = ${byPhone.citizen.id}) t
    `.execute(app.services.db);
    expect(stored.rows).toHaveLength(2);
    for (const { row } of stored.rows) expect(row).not.toContain('13812341234');

    const exported = await fetch(`${app.url}/api/v1/settlement/batches/${batch.id}/phone-credit.xlsx`, { headers: { authorization: `Bearer ${finance.token}` } });
    expect(exported.headers.get('content-type')).toBe(XLSX);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await exported.arrayBuffer());
    const sheet = workbook.worksheets[0];
    const rows = sheet.getSheetValues().slice(2) as unknown[][];
    expect(rows.map((row) => [row[2], row[3]]).sort()).toEqual([
      ['13812341234', 2],
      ['13900001111', 2],
    ]);
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      const ok = row.getCell(2).value === '13812341234';
      row.getCell(4).value = ok ? '成功' : '失败';
      row.getCell(5).value = ok ? 'CM20240701001' : '空号';
    });
    const imported = await app.request('POST', `/api/v1/settlement/batches/${batch.id}/phone-credit-results`, {
      token: finance.token,
      headers: { 'content-type': XLSX },
      rawBody: new Uint8Array(await workbook.xlsx.writeBuffer()),
    });
    expect(imported.body).toEqual({ results: { paid: 1, failed: 1, ignored: [] } });

    const manualLine = lineOf(lines, byHand.citizen);
    const paid = await app.request('POST', `/api/v1/settlement/batches/${batch.id}/lines/${manualLine.id}/manual-payment`, { token: finance.token, body: { voucherNo: 'HB-2024-0701' } });
    expect(paid.body.line).toMatchObject({ status: 'paid', voucherNo: 'HB-2024-0701' });

    const after = await linesOf(finance.token, batch.id);
    expect(lineOf(after, byPhone.citizen)).toMatchObject({ status: 'paid', voucherNo: 'CM20240701001' });
    expect(lineOf(after, failing.citizen)).toMatchObject({ status: 'failed', failure: '空号' });
    // A line that failed for good goes back to the citizen's balance when finance excludes it.
    const returned = await app.request('POST', `/api/v1/settlement/batches/${batch.id}/lines/${lineOf(after, failing.citizen).id}/exclude`, { token: finance.token, body: { reason: '空号，下月改微信' } });
    expect(returned.body.line.status).toBe('excluded');
    const listed = await app.request('GET', '/api/v1/settlement/batches', { token: finance.token });
    expect(listed.body.batches.find((found: any) => found.id === batch.id).status).toBe('done');

    const reconciliation = await app.request('GET', `/api/v1/settlement/batches/${batch.id}/reconciliation`, { token: finance.token });
    expect(reconciliation.body.reconciliation).toMatchObject({ ledgerFen: 400, linesFen: 400, paidLinesFen: 400, paidByVouchersFen: 400, differenceFen: 0 });
    const audit = await app.services.db.selectFrom('staffAuditLog').select('action').where('action', 'like', 'settlement.%').where('staffId', '=', finance.id).orderBy('id').execute();
    expect(audit.map((row) => row.action)).toEqual([
      'settlement.batch_created',
      'settlement.approved_as_maker',
      'settlement.phone_credit_exported',
      'settlement.phone_credit_imported',
      'settlement.paid_manually',
      'settlement.line_excluded',
    ]);
  });
});

describe('payout phone numbers stored plain by a version before migration 0016', () => {
  it('are encrypted at start, once, and the preference still answers masked', async () => {
    const citizen = await buildCitizen(app);
    await app.services.db.insertInto('payoutPreferences')
      .values({ citizenId: citizen.id, channel: 'phone_credit', phone: '13766665555', updatedAt: app.clock.now() }).execute();
    expect(await protectPayoutPhones(app.services.db, app.services.config.personalData)).toBeGreaterThanOrEqual(1);
    const row = await app.services.db.selectFrom('payoutPreferences').selectAll().where('citizenId', '=', citizen.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ phone: null, phoneMasked: '137****5555' });
    expect(decryptPhone(row.phoneEncrypted!, app.services.config.personalData.key)).toBe('13766665555');
    expect(await protectPayoutPhones(app.services.db, app.services.config.personalData)).toBe(0);
    const answered = await app.request('GET', '/api/v1/rewards/preference', { token: citizen.token });
    expect(answered.body).toEqual({ preference: { channel: 'phone_credit', phone: '137****5555' } });
  });
});

describe('approval', () => {
  it('needs a maker and a different checker, and then runs', async () => {
    await earnIn('2024-07', undefined, ['E0102']);
    const { batch, finance: maker } = await settle('2024-07');
    const approve = (token: string) => app.request('POST', `/api/v1/settlement/batches/${batch.id}/approve`, { token });
    const reviewer = await loginDemoStaff(app, 'reviewer');
    expect((await approve(reviewer.token)).status).toBe(403);
    expect((await approve(maker.token)).body.batch).toMatchObject({ status: 'checking', maker: { staffId: maker.id } });
    const twice = await approve(maker.token);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'settlement.same_approver']);
    const early = await app.request('POST', `/api/v1/settlement/batches/${batch.id}/run`, { token: maker.token });
    expect([early.status, early.body.error.code]).toEqual([409, 'settlement.wrong_state']);
    const checker = await buildStaff(app, { roles: ['finance'] });
    expect((await approve(checker.token)).body.batch).toMatchObject({ status: 'approved', checker: { staffId: checker.id } });
    expect((await approve(checker.token)).status).toBe(409);
    // This app has no WeChat Pay merchant: a batch with wechat lines cannot run.
    const run = await app.request('POST', `/api/v1/settlement/batches/${batch.id}/run`, { token: maker.token });
    expect([run.status, run.body.error.code]).toEqual([409, 'settlement.wechat_pay_not_configured']);
  });
});

describe('exclusion', () => {
  it('takes a line out before approval with a reason, and pays it next month', async () => {
    const doubtful = await earnIn('2024-09', undefined, ['E0102']);
    const { batch, finance } = await settle('2024-09');
    const line = lineOf(await linesOf(finance.token, batch.id), doubtful.citizen);
    const url = `/api/v1/settlement/batches/${batch.id}/lines/${line.id}/exclude`;
    expect((await app.request('POST', url, { token: finance.token, body: {} })).status).toBe(400);
    const excluded = await app.request('POST', url, { token: finance.token, body: { reason: '同一设备大量举报，待核实' } });
    expect(excluded.body.line).toMatchObject({ status: 'excluded', excludedReason: '同一设备大量举报，待核实' });
    expect((await app.request('POST', url, { token: finance.token, body: { reason: '再次' } })).status).toBe(409);
    const mine = await app.request('GET', '/api/v1/rewards/mine', { token: (await buildCitizen(app, doubtful.citizen.name)).token });
    expect(mine.body.balanceFen).toBe(200);

    const { batch: next, finance: nextFinance } = await settle('2024-10');
    expect(lineOf(await linesOf(nextFinance.token, next.id), doubtful.citizen)).toMatchObject({ amountFen: 200, rewardCount: 0 });
  });
});

describe('sending back', () => {
  it('the checker sends a batch back to review with a reason, lines can be excluded again, and a maker approves anew', async () => {
    await earnIn('2024-12', undefined, ['E0102']);
    const doubtful = await earnIn('2024-12', undefined, ['E0103']);
    const { batch, finance: maker } = await settle('2024-12');
    const checker = await buildStaff(app, { roles: ['finance'] });
    const batchUrl = `/api/v1/settlement/batches/${batch.id}`;
    const sendBack = (token: string, body: unknown) => app.request('POST', `${batchUrl}/send-back`, { token, body });
    const approve = (token: string) => app.request('POST', `${batchUrl}/approve`, { token });
    const line = lineOf(await linesOf(maker.token, batch.id), doubtful.citizen);
    const exclude = () => app.request('POST', `${batchUrl}/lines/${line.id}/exclude`, { token: maker.token, body: { reason: '同一设备大量举报' } });

    const early = await sendBack(checker.token, { reason: '还没有复核' });
    expect([early.status, early.body.error.code]).toEqual([409, 'settlement.wrong_state']);
    await approve(maker.token);
    expect((await exclude()).status).toBe(409);
    expect((await sendBack(checker.token, { reason: ' ' })).status).toBe(400);
    const own = await sendBack(maker.token, { reason: '我要改一下' });
    expect([own.status, own.body.error.code]).toEqual([409, 'settlement.same_approver']);
    expect((await sendBack((await loginDemoStaff(app, 'reviewer')).token, { reason: '无权退回' })).status).toBe(403);

    const sent = await sendBack(checker.token, { reason: '第二行需核实设备' });
    expect(sent.status).toBe(200);
    expect(sent.body.batch).toMatchObject({
      status: 'review',
      maker: null,
      checker: null,
      sentBack: { staffId: checker.id, name: expect.any(String), at: app.clock.now().toISOString(), reason: '第二行需核实设备' },
    });
    expect((await exclude()).body.line).toMatchObject({ status: 'excluded' });
    expect((await approve(maker.token)).body.batch).toMatchObject({ status: 'checking', maker: { staffId: maker.id } });
    expect((await approve(checker.token)).body.batch).toMatchObject({ status: 'approved', checker: { staffId: checker.id } });
    const late = await sendBack(checker.token, { reason: '已审批' });
    expect([late.status, late.body.error.code]).toEqual([409, 'settlement.wrong_state']);

    const audit = await app.services.db
      .selectFrom('staffAuditLog')
      .select(['action', 'staffId', 'details'])
      .where('targetType', '=', 'settlement_batch')
      .where('targetId', '=', String(batch.id))
      .orderBy('id')
      .execute();
    expect(audit.map((row) => row.action)).toEqual([
      'settlement.batch_created',
      'settlement.approved_as_maker',
      'settlement.sent_back',
      'settlement.approved_as_maker',
      'settlement.approved_as_checker',
    ]);
    expect(audit[2]).toEqual({ action: 'settlement.sent_back', staffId: checker.id, details: { reason: '第二行需核实设备', makerId: maker.id } });
  });
});
