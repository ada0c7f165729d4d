/**
 * 我的奖励 in 市民随手拍's H5 on a phone-sized Chromium: a citizen's reward is settled and paid
 * through the API against the local WeChat Pay peer until its bill waits for 领取; outside WeChat
 * the page says to open it in WeChat; with WeChat's in-browser bridge (a stub that records the
 * call and answers ok) 领取 hands it the bill's {mchId, appId, package} and shows 处理中; once the
 * peer's SUCCESS callback reaches the server the page shows the payout 已到账. Then the citizen
 * picks 话费充值 as the payout channel, with a mainland mobile number shown masked.
 * A database of its own: a batch settles every balance of its month.
 */
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createIsolatedDatabase, spotSequence, type IsolatedDatabase } from '../../server/src/test-support/isolated-database.js';
import { startWeChatPayPeer, type WeChatPayPeer } from '../../server/src/test-support/wechatpay-peer.js';
import { startTestApp, type TestApp } from '../../server/src/test-support/test-app.js';
import { buildCitizen, buildStaff, type TestCitizen } from '../../server/src/test-support/factories.js';
import { buildReward } from '../../server/src/test-support/reward-factories.js';
import { RewardProcessor } from '../../server/src/rewards/reward-processor.js';
import { settlementJobs } from '../../server/src/settlement/settlement-jobs.js';
import { screenshot as saveScreenshot } from './console.js';
import { agreeToPrivacy, demoLogin, newPhone, settle } from './miniapp-phone.js';

let database: IsolatedDatabase;
let peer: WeChatPayPeer;
let app: TestApp;
let browser: Browser;
const nextSpot = spotSequence();
beforeAll(async () => {
  [database, peer] = await Promise.all([createIsolatedDatabase('miniapp_rewards'), startWeChatPayPeer()]);
  app = await startTestApp({ DATABASE_URL: database.url, ...peer.env });
  peer.deliverTo(`${app.url}/api/v1/settlement/wechat-pay/notify`);
  // Root cannot use Chromium's sandbox; the pages are our own app on loopback.
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await Promise.all([database?.drop(), peer?.close()]);
});

const MONTH = '2025-03';

/** Two 立案 in March through the demo rules (2 元 each), then March settled, approved by maker and checker, and paid. */
async function paidUntilWaitingForClaim(citizen: TestCitizen): Promise<string> {
  const processor = new RewardProcessor(app.services.db, app.clock);
  app.clock.set(`${MONTH}-10T10:00:00+08:00`);
  for (const categoryCode of ['E0102', 'E0103']) await buildReward(app, processor, { citizen, categoryCode, spot: nextSpot() });

  app.clock.set('2025-04-01T09:00:00+08:00');
  const [maker, checker] = await Promise.all([buildStaff(app, { roles: ['finance'] }), buildStaff(app, { roles: ['finance'] })]);
  const created = await app.request('POST', '/api/v1/settlement/batches', { token: maker.token, body: { month: MONTH } });
  const batchId = created.body.batch.id;
  for (const approver of [maker, checker]) {
    expect((await app.request('POST', `/api/v1/settlement/batches/${batchId}/approve`, { token: approver.token })).status).toBe(200);
  }
  expect((await app.request('POST', `/api/v1/settlement/batches/${batchId}/run`, { token: checker.token })).status).toBe(202);
  // The settlement worker's pay-batch job, run here as the worker would run it.
  await settlementJobs(app.services)
    .find((job) => job.name === 'pay-batch')!
    .handle({ batchId });
  const [outBillNo] = [...peer.bills.keys()];
  expect(peer.bills.get(outBillNo)).toMatchObject({ state: 'WAIT_USER_CONFIRM', transfer_amount: 400 });
  return outBillNo;
}

/** WeChat's in-browser bridge as the H5 page meets it inside WeChat: records each call, answers ok. */
function installWeixinBridge() {
  const calls: Array<{ api: string; params: unknown }> = [];
  Object.assign(window, {
    transferCalls: calls,
    WeixinJSBridge: {
      invoke(api: string, params: unknown, callback: (result: { err_msg: string }) => void) {
        calls.push({ api, params });
        setTimeout(() => callback({ err_msg: `${api}:ok` }), 50);
      },
    },
  });
}

/** The viewport with `selector` scrolled into it, once transitions have finished. */
async function screenshot(page: Page, selector: string, name: string) {
  await page.locator(selector).scrollIntoViewIfNeeded();
  await settle(page);
  await saveScreenshot(page, name, { fullPage: false });
}

test('a citizen claims a WeChat transfer in 我的奖励 and sees it paid, then picks 话费充值', async () => {
  const name = `claimer-${randomUUID().slice(0, 8)}`;
  const citizen = await buildCitizen(app, name);
  const outBillNo = await paidUntilWaitingForClaim(citizen);

  // Outside WeChat there is no bridge: 领取 cannot happen here, and the page says where it can.
  const page = await newPhone(browser, app, nextSpot());
  await agreeToPrivacy(page);
  await demoLogin(page, name);
  await page.getByText('我的奖励', { exact: true }).click();
  const pending = page.locator('#pending-transfers');
  const bill = pending.locator('.transfer-item').filter({ hasText: outBillNo });
  await bill.getByText('4.00 元').waitFor();
  await bill.getByText(/^请于 \d+月\d+日 \d{2}:\d{2} 前领取$/).waitFor();
  await screenshot(page, '#pending-transfers', 'miniapp-rewards-pending');
  await bill.locator('.claim-button').click();
  await pending.locator('.transfer-outcome').getByText('请在微信中打开领取').waitFor();

  // Inside WeChat: the bridge gets the bill's parameters; the page waits for WeChat Pay's result.
  await page.addInitScript(installWeixinBridge);
  await page.reload();
  await bill.locator('.claim-button').click();
  await pending.locator('.transfer-outcome').getByText('已确认领取').waitFor();
  await bill.getByText('处理中').waitFor();
  expect(await page.evaluate(() => (window as unknown as { transferCalls: unknown[] }).transferCalls)).toEqual([
    { api: 'requestMerchantTransfer', params: { mchId: peer.env.WECHAT_PAY_MCH_ID, appId: peer.env.WECHAT_PAY_APPID, package: peer.bills.get(outBillNo)!.package_info } },
  ]);
  await expect(page.locator('#payout-history .payout-item').filter({ hasText: `${MONTH} 结算 · 微信转账` }).getByText('发放中').count()).resolves.toBe(1);
  await screenshot(page, '#pending-transfers', 'miniapp-rewards-claimed');

  // The citizen confirmed in WeChat; WeChat Pay finishes the bill and calls the server back.
  expect(await peer.advance(outBillNo, 'SUCCESS')).toBe(204);
  await page.reload();
  const payout = page.locator('#payout-history .payout-item').filter({ hasText: `${MONTH} 结算 · 微信转账` });
  await payout.locator('.payout-paid').getByText('已到账').waitFor();
  await payout.getByText('4.00 元').waitFor();
  await expect(pending.count()).resolves.toBe(0);
  await screenshot(page, '#payout-history', 'miniapp-rewards-paid');

  // 领取方式: 话费充值 needs a mainland mobile number, shown masked once saved.
  const preference = page.locator('#payout-preference');
  await preference.locator('.current-preference').getByText('未设置（默认微信转账）').waitFor();
  await preference.getByText('话费充值', { exact: true }).click();
  const phone = preference.locator('.phone-input input, input.phone-input').first();
  await phone.fill('2381234567');
  await preference.locator('.save-preference').click();
  await preference.getByText('请输入 11 位中国大陆手机号码').waitFor();
  await phone.fill('13812345678');
  await preference.locator('.save-preference').click();
  await preference.locator('.current-preference').getByText('话费充值（138****5678）').waitFor();
  await screenshot(page, '#payout-preference', 'miniapp-rewards-preference');
  const saved = await app.request('GET', '/api/v1/rewards/preference', { token: (await buildCitizen(app, name)).token });
  expect(saved.body.preference).toEqual({ channel: 'phone_credit', phone: '138****5678' });
  await page.context().close();
}, 120_000);
