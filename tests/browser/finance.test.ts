/**
 * 结算 and 奖励规则 in the console: a finance maker builds the month's batch, reviews it and
 * excludes a line, a second finance user sends it back once, then approves and runs it; the
 * settlement worker pays through the local WeChat Pay peer while the progress bar moves, and 话费
 * goes out to the carrier and comes back; the bills page shows their states; the payouts and a
 * contractor's deduction statement download. A database of its own: a batch settles every
 * balance of its month.
 */
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Worker } from 'bullmq';
import type { Page } from 'playwright-core';
import { createIsolatedDatabase, type IsolatedDatabase } from '../../server/src/test-support/isolated-database.js';
import { startWeChatPayPeer, type WeChatPayPeer } from '../../server/src/test-support/wechatpay-peer.js';
import { buildCitizen, buildStaff, loginDemoStaff, TEST_STAFF_PASSWORD, type TestCitizen } from '../../server/src/test-support/factories.js';
import { buildRegisteredCase, caseEvents } from '../../server/src/test-support/reward-factories.js';
import { eventJobs } from '../../server/src/queue/outbox.js';
import { RewardProcessor } from '../../server/src/rewards/reward-processor.js';
import { ContractorDeductionProcessor } from '../../server/src/contractors/deduction-processor.js';
import { DEMO_CONTRACTORS } from '../../server/src/contractors/demo-contractors.js';
import { startSettlementWorker } from '../../server/src/settlement/settlement-jobs.js';
import { screenshot, startConsole, type Console } from './console.js';

let database: IsolatedDatabase;
let peer: WeChatPayPeer;
let ui: Console;
let worker: Worker;
beforeAll(async () => {
  [database, peer] = await Promise.all([createIsolatedDatabase('finance_ui'), startWeChatPayPeer()]);
  ui = await startConsole({ DATABASE_URL: database.url, ...peer.env });
  peer.deliverTo(`${ui.app.url}/api/v1/settlement/wechat-pay/notify`);
  worker = startSettlementWorker(ui.app.services);
}, 60_000);
afterAll(async () => {
  await worker?.close();
  await ui?.close();
  await Promise.all([database?.drop(), peer?.close()]);
});

/** The month settled, and the moment (after its end) finance works on it. */
const MONTH = '2025-03';
const SETTLING_AT = '2025-04-01T09:00:00+08:00';

/**
 * Citizens earning in March through the demo rules (2 元 a case, 100 元 more for a first 私搭乱建
 * report), the first three at spots in 龙城街道, whose demo cleaning company answers for garbage
 * and dirty roads.
 * Each 立案 goes through the events job as the worker runs it: rewards, then deductions.
 */
async function earnMarchRewards(): Promise<TestCitizen[]> {
  const [job] = eventJobs(['case.registered'], [new RewardProcessor(ui.app.services.db, ui.app.clock), new ContractorDeductionProcessor(ui.app.services.db, ui.app.clock)]);
  ui.app.clock.set(`${MONTH}-10T10:00:00+08:00`);
  const earnings = [
    [{ categoryCode: 'E0102', spot: { lat: 22.738, lng: 114.2215 } }, { categoryCode: 'E0103', spot: { lat: 22.738, lng: 114.2245 } }],
    [{ categoryCode: 'E0101', spot: { lat: 22.735, lng: 114.2285 } }],
    [{ categoryCode: 'E0104', spot: { lat: 22.732, lng: 114.2325 } }],
    // 横岗街道 保安社区: no contractor there.
    [{ categoryCode: 'E0103', spot: { lat: 22.705, lng: 114.2215 } }],
  ];
  const citizens: TestCitizen[] = [];
  for (const reports of earnings) {
    const citizen = await buildCitizen(ui.app);
    for (const report of reports) {
      const { caseId } = await buildRegisteredCase(ui.app, { citizen, ...report });
      for (const event of await caseEvents(ui.app, caseId, 'case.registered')) await job.handle(event);
    }
    citizens.push(citizen);
  }
  return citizens;
}

/**
 * Types the month into an antd month picker and takes it: Enter in a form would also submit it,
 * so there leaving the field (Tab) takes it instead.
 */
async function pickMonth(page: Page, label: string, take: 'Enter' | 'Tab') {
  const picker = page.getByLabel(label);
  await picker.click();
  await picker.fill(MONTH);
  await picker.press(take);
  await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').waitFor({ state: 'hidden' });
}

async function confirmPopover(page: Page, button: string, confirm: string) {
  await page.getByRole('button', { name: button }).click();
  await page.locator('.ant-popover:not(.ant-popover-hidden)').getByRole('button', { name: confirm }).click();
}

/** The citizen's line: its 市民编号 is the second column. */
const lineRow = (page: Page, citizen: TestCitizen) =>
  page.locator('.ant-tabs-tabpane-active .ant-table-row').filter({ has: page.locator('td:nth-child(2)', { hasText: new RegExp(`^${citizen.id}$`) }) });

test('maker builds and reviews, checker approves and runs, bills are paid and the payouts export downloads', async () => {
  const [twoCases, bigReward, doubtful, byPhone] = await earnMarchRewards();
  const preference = await ui.app.request('PUT', '/api/v1/rewards/preference', { token: byPhone.token, body: { channel: 'phone_credit', phone: '13812345678' } });
  expect(preference.status).toBe(200);
  // One phone behind two accounts: the mini program sent its installation id with their photos.
  await ui.app.services.db.updateTable('photos').set({ deviceId: 'dev-shared-phone-01' }).where('ownerCitizenId', 'in', [twoCases.id, doubtful.id]).execute();
  ui.app.clock.set(SETTLING_AT);

  const maker = await ui.signIn('finance');
  await maker.getByRole('menuitem', { name: '结算' }).click();
  await pickMonth(maker, '结算月份', 'Tab');
  await maker.getByRole('button', { name: '生成批次' }).click();
  await maker.getByTestId('batch-title').filter({ hasText: `${MONTH} 结算批次` }).waitFor();
  await lineRow(maker, bigReward).getByText('¥102.00').waitFor();
  await screenshot(maker, 'finance-batch-review');

  await lineRow(maker, doubtful).getByRole('button', { name: '剔除' }).click();
  const dialog = maker.getByRole('dialog');
  await dialog.locator('textarea').fill('同一设备大量举报，待核实');
  await dialog.getByRole('button', { name: '剔除' }).click();
  await lineRow(maker, doubtful).getByText('剔除：同一设备大量举报，待核实').waitFor();

  await maker.getByRole('tab', { name: '汇总与异常' }).click();
  await maker.getByText('按案件类别').waitFor();
  await maker.locator('.ant-tabs-tabpane-active .ant-table-row').first().waitFor();
  const sharedDevices = maker.locator('.ant-card').filter({ hasText: '同一设备为多个账号上报' });
  await sharedDevices.getByRole('button', { name: `市民 ${doubtful.id}` }).waitFor();
  await sharedDevices.getByText('…phone-01').waitFor();
  await screenshot(maker, 'finance-batch-totals');

  await confirmPopover(maker, '复核通过（制单）', '确认');
  await maker.getByText('您已完成复核（制单），需由另一名财务人员审批。').waitFor();
  await expect(maker.getByRole('button', { name: '审批通过' }).isDisabled()).resolves.toBe(true);

  const checkerAccount = await buildStaff(ui.app, { roles: ['finance'] });
  const checker = await ui.signIn(checkerAccount.username, TEST_STAFF_PASSWORD);
  await checker.getByRole('menuitem', { name: '结算' }).click();
  await checker.getByRole('link', { name: MONTH }).click();
  // The checker sends it back first; the maker sees why and approves again.
  await checker.getByRole('button', { name: '退回复核' }).click();
  const sendBack = checker.getByRole('dialog');
  await sendBack.locator('textarea').fill('请先核实 102 元的大额奖励');
  await sendBack.getByRole('button', { name: '退回' }).click();
  await checker.locator('.ant-tag').filter({ hasText: '待复核' }).waitFor();
  await maker.reload();
  await maker.getByTestId('sent-back').getByText(/退回复核：请先核实 102 元的大额奖励$/).waitFor();
  await confirmPopover(maker, '复核通过（制单）', '确认');
  await maker.getByText('您已完成复核（制单），需由另一名财务人员审批。').waitFor();
  await checker.reload();
  await confirmPopover(checker, '审批通过', '确认');
  await checker.locator('.ant-tag').filter({ hasText: '已审批' }).waitFor();
  await confirmPopover(checker, '运行付款', '确认');

  // The worker pays through the peer; bills wait for the citizens' 领取 until the peer moves them on.
  const progress = checker.getByTestId('payment-progress');
  await progress.waitFor();
  await checker.getByRole('tab', { name: '微信转账账单' }).click();
  const bills = checker.locator('.ant-tabs-tabpane-active .ant-table-row');
  await bills.filter({ hasText: '待用户领取' }).nth(1).waitFor();
  const outBillNos = [...peer.bills.keys()].sort();
  expect(outBillNos).toHaveLength(2);
  await peer.advance(outBillNos[0], 'SUCCESS');
  await progress.getByText('33%').waitFor();
  await bills.filter({ hasText: '转账成功' }).waitFor();
  await screenshot(checker, 'finance-payment-progress');

  await peer.advance(outBillNos[1], 'SUCCESS');
  await progress.getByText('66%').waitFor();

  // 话费: the carrier's list goes out as .xlsx and comes back with 成功 per line.
  const [carrierList] = await Promise.all([checker.waitForEvent('download'), confirmPopover(checker, '导出话费充值清单', '导出')]);
  const carrier = new ExcelJS.Workbook();
  await carrier.xlsx.readFile(await carrierList.path());
  const carrierRow = carrier.worksheets[0].getRow(2);
  expect(carrierRow.getCell(2).value).toBe('13812345678');
  carrierRow.getCell(4).value = '成功';
  carrierRow.getCell(5).value = 'CM20250402001';
  const returned = path.join(os.tmpdir(), `carrier-results-${Date.now()}.xlsx`);
  await carrier.xlsx.writeFile(returned);
  await checker.locator('input[type=file]').setInputFiles(returned);
  await checker.getByText('充值结果已导入').waitFor();
  await rm(returned);
  await checker.locator('.ant-tag').filter({ hasText: '已完成' }).waitFor();
  await progress.getByText('已发放 3 人 ¥108.00').waitFor();
  await checker.getByRole('tab', { name: '对账' }).click();
  await checker.getByText('账实相符').waitFor();
  await screenshot(checker, 'finance-reconciliation');

  const [download] = await Promise.all([checker.waitForEvent('download'), checker.getByRole('button', { name: '导出发放明细 (.xlsx)' }).click()]);
  expect(download.suggestedFilename()).toBe(`奖励发放明细-${MONTH}.xlsx`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await download.path());
  const rows = workbook.worksheets[0].getSheetValues().slice(2) as unknown[][];
  const statusOf = (citizen: TestCitizen) => rows.find((row) => row[2] === citizen.id)?.[4];
  expect([statusOf(twoCases), statusOf(bigReward), statusOf(doubtful), statusOf(byPhone)]).toEqual(['已发放', '已发放', '已剔除', '已发放']);

  // The cleaning company of 龙城街道 answers for the garbage and dirty-road cases: three of them.
  await checker.getByRole('link', { name: '返回结算批次' }).click();
  await checker.getByRole('tab', { name: '承包单位扣减' }).click();
  await pickMonth(checker, '扣减月份', 'Enter');
  const cleaner = DEMO_CONTRACTORS[0].name;
  const row = checker.locator('.ant-table-row').filter({ hasText: cleaner }).first();
  await row.getByText('¥6.00').first().waitFor();
  await screenshot(checker, 'finance-contractor-deductions');
  const [statement] = await Promise.all([checker.waitForEvent('download'), row.getByRole('button', { name: '导出对账单' }).click()]);
  expect(statement.suggestedFilename()).toBe(`${cleaner}-扣减对账单-${MONTH}.xlsx`);
  const sheet = new ExcelJS.Workbook();
  await sheet.xlsx.readFile(await statement.path());
  const entries = sheet.worksheets[0].getSheetValues().slice(2) as unknown[][];
  expect(entries.slice(0, 3).map((entry) => [entry[4], entry[9]])).toEqual([
    ['扣减', 2],
    ['扣减', 2],
    ['扣减', 2],
  ]);
  expect([entries[3][2], entries[3][9]]).toEqual(['扣减 3 件', 6]);
  await Promise.all([maker, checker].map((page) => page.context().close()));
}, 120_000);

test('奖励规则: an administrator adds a rule version from tomorrow and excludes a collector', async () => {
  ui.app.clock.set(new Date());
  const collector = await buildCitizen(ui.app);
  const admin = await ui.signIn('admin');
  await admin.getByRole('menuitem', { name: '奖励规则' }).click();
  await admin.getByRole('cell', { name: '当前生效' }).waitFor();
  await admin.getByRole('button', { name: '新增规则版本' }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByLabel('每件有效案件（立案）奖励').fill('3');
  await dialog.getByLabel('说明').fill('依据新办法调整为 3 元');
  await screenshot(admin, 'finance-rule-version-form', { fullPage: false });
  await dialog.getByRole('button', { name: '保存' }).click();
  await admin.getByRole('cell', { name: '依据新办法调整为 3 元' }).waitFor();
  await admin.getByRole('cell', { name: '待生效' }).waitFor();
  await screenshot(admin, 'finance-rule-versions');
  const versions = await ui.app.request('GET', '/api/v1/reward-rules', { token: (await loginDemoStaff(ui.app, 'admin')).token });
  expect(versions.body.versions[0].rules.baseFen).toBe(300);

  await admin.getByRole('tab', { name: '不予奖励名单' }).click();
  await admin.getByLabel('市民编号').fill(String(collector.id));
  await admin.getByRole('combobox', { name: '类型' }).click();
  await admin.locator('.ant-select-item-option').filter({ hasText: '专职信息采集员' }).click();
  await admin.getByLabel('原因').fill('本区专职信息采集员');
  await admin.getByRole('button', { name: '加入' }).click();
  await admin.getByRole('cell', { name: '本区专职信息采集员' }).waitFor();
  await screenshot(admin, 'finance-reward-exclusions');
  await admin.context().close();
}, 60_000);
