/**
 * 市民随手拍 on a phone-sized Chromium: a citizen reports a problem (photos, pin, category) and
 * finds it in 我的上报; a second citizen at the same spot sees the open case before submitting
 * and follows it; a third submits anyway and is told it was 关联; a report sent while the
 * network fails stays in the outbox and is sent once when it returns; after the staff close the
 * case, the detail shows the after-photo and the rating can be given once.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { closeThroughWorkflow } from '../../server/src/test-support/case-factories.js';
import { nextSpot } from '../../server/src/test-support/factories.js';
import { CitizenProgressProcessor } from '../../server/src/feedback/citizen-progress-processor.js';
import { deliverCaseEvents } from '../../server/src/test-support/reward-factories.js';
import { screenshot as saveScreenshot } from './console.js';
import { answerModal, fillReport, newPhone, settle, startPhones, type Phones } from './miniapp-phone.js';

let phones: Phones;
beforeAll(async () => {
  phones = await startPhones();
});
afterAll(() => phones?.close());

/** The page as it stands once transitions have finished (Taro's pages scroll inside the viewport). */
async function screenshot(page: Page, name: string) {
  await settle(page);
  await saveScreenshot(page, name, { fullPage: false });
}

const demoName = (role: string) => `${role}-${randomUUID().slice(0, 8)}`;

/** The citizen's reports as the server has them, through the API with their own login. */
async function reportsOnServer(name: string) {
  const login = await phones.app.request('POST', '/api/v1/auth/wechat', { body: { code: `demo-${name}` } });
  const mine = await phones.app.request('GET', '/api/v1/reports/mine', { token: login.body.token });
  return mine.body.reports as Array<{ id: number; caseId: number; isPrimary: boolean; kind: string; gridCode: string }>;
}

async function submitAndConfirm(page: Page, title: string) {
  await page.locator('.submit-button').click();
  await answerModal(page, title, '查看详情');
  await page.locator('#report-detail').waitFor();
}

/** Back from the detail to 首页, then the 我的上报 tab. */
async function openMine(page: Page) {
  await page.goBack();
  await page.locator('.taro-tabbar__tabbar').getByText('我的上报').click();
}

/** The public steps the staff's actions make, fed to the progress processor as the events worker would. */
async function deliverProgress(caseId: number) {
  const processor = new CitizenProgressProcessor(phones.app.services.db);
  for (const topic of ['case.accepted', 'case.registered', 'case.dispatched', 'case.handled', 'case.closed']) {
    await deliverCaseEvents(phones.app, processor, caseId, topic);
  }
}

test('a citizen reports, a second follows, a third is 关联, and the closed case is rated once', async () => {
  const spot = await nextSpot(phones.app);

  // First launch: the privacy notice, then the demo login.
  const first = await newPhone(phones.browser, phones.app, spot);
  await first.locator('#privacy-sheet').waitFor();
  await screenshot(first, 'miniapp-privacy');
  await first.locator('#privacy-sheet').getByText('同意并继续').click();
  await first.locator('#demo-name input, input#demo-name').first().waitFor();
  await screenshot(first, 'miniapp-login');
  const firstName = demoName('reporter');
  await first.locator('#demo-name input, input#demo-name').first().fill(firstName);
  await first.getByText('登录', { exact: true }).click();
  await first.locator('#start-report').waitFor();
  await screenshot(first, 'miniapp-home-empty');

  await fillReport(first, { whilePicking: (page) => screenshot(page, 'miniapp-category-picker') });
  await first.locator('.description textarea, textarea').first().fill('路口有一堆生活垃圾，已经两天没人清理');
  await screenshot(first, 'miniapp-report');
  await submitAndConfirm(first, '上报成功');
  const [reported] = await reportsOnServer(firstName);
  expect(reported).toMatchObject({ isPrimary: true, kind: 'report' });
  // Its photos came with this installation's id (finance's device outliers).
  const devices = await phones.app.services.db.selectFrom('photos').select('deviceId').distinct().where('reportId', '=', reported.id).execute();
  expect(devices).toEqual([{ deviceId: expect.stringMatching(/^dev-[a-z0-9]+-[0-9a-f]{16}$/) }]);
  await openMine(first);
  await first.locator('.report-item').filter({ hasText: '暴露垃圾' }).waitFor();
  await screenshot(first, 'miniapp-mine');
  await first.locator('.taro-tabbar__tabbar').getByText('首页').click();
  await first.locator('#my-counts').getByText('1', { exact: true }).first().waitFor();
  await screenshot(first, 'miniapp-home');

  // A second citizen at the same spot sees the open case before submitting and follows it.
  const second = await phones.open(demoName('follower'), spot);
  await fillReport(second, { photos: 1 });
  const nearby = second.locator('#nearby-cases');
  await nearby.getByText('附近已有 1 件同类问题').waitFor();
  await expect(nearby.locator('.nearby-item').count()).resolves.toBe(1);
  await nearby.scrollIntoViewIfNeeded();
  await screenshot(second, 'miniapp-nearby');
  await nearby.getByText('关注', { exact: true }).click();
  await second.locator('#report-detail').getByText('您关注了其他市民上报的这个问题').waitFor();
  await screenshot(second, 'miniapp-followed');

  // A third submits anyway: the server's dedup joins the report to the case.
  const thirdName = demoName('third');
  const third = await phones.open(thirdName, spot);
  await fillReport(third, { photos: 1 });
  await third.locator('#nearby-cases').getByText('附近已有 1 件同类问题').waitFor();
  await third.locator('.submit-button').getByText('仍要上报').waitFor();
  await submitAndConfirm(third, '已有市民上报，已为您关联');
  const [joined] = await reportsOnServer(thirdName);
  expect(joined).toMatchObject({ caseId: reported.caseId, isPrimary: false });

  // The staff close the case; the first reporter sees the after-photo and rates once.
  await closeThroughWorkflow(phones.app, reported.caseId);
  await deliverProgress(reported.caseId);
  await first.goto(`${phones.app.url}/h5/#/pages/detail/index?id=${reported.id}`);
  const timeline = first.locator('#timeline');
  await timeline.getByText('已结案').waitFor();
  await timeline.locator('.after-photo').first().waitFor();
  await first.locator('#rating').getByText('基本满意').click();
  await first.locator('#rating textarea').fill('处理很及时');
  await screenshot(first, 'miniapp-detail-closed');
  await first.locator('#rating').getByText('提交评价').click();
  await first.locator('#rating').getByText('我的评价').waitFor();
  await first.reload();
  await first.locator('#rating').getByText('处理很及时').waitFor();
  await expect(first.locator('#rating').getByText('提交评价').count()).resolves.toBe(0);
  await first.locator('#rating').scrollIntoViewIfNeeded();
  await screenshot(first, 'miniapp-detail-rated');
  const login = await phones.app.request('POST', '/api/v1/auth/wechat', { body: { code: `demo-${firstName}` } });
  const again = await phones.app.request('POST', `/api/v1/reports/${reported.id}/rating`, { token: login.body.token, body: { rating: 'satisfied' } });
  expect(again.status).toBe(409);
}, 90_000);

test('a report sent while the network fails waits in the outbox and is sent once when it returns', async () => {
  const spot = await nextSpot(phones.app);
  const name = demoName('offline');
  const page = await phones.open(name, spot);
  await fillReport(page, { photos: 2 });

  // No network for the API: nothing reaches the server; the report waits in the outbox.
  await page.route('**/api/v1/**', (route) => route.abort('internetdisconnected'));
  await page.locator('.submit-button').click();
  await answerModal(page, '已保存，待发送', '知道了');
  const waiting = page.locator('.outbox-item');
  await waiting.getByText('待发送').waitFor();
  await page.locator('.submit-button').waitFor({ state: 'detached' });
  await screenshot(page, 'miniapp-outbox');
  expect(await reportsOnServer(name)).toHaveLength(0);

  // 重试 on a network that loses answers: the report reaches the server, the phone never hears back.
  await page.unroute('**/api/v1/**');
  let answerLost!: () => void;
  const lost = new Promise<void>((resolve) => (answerLost = resolve));
  await page.route('**/api/v1/reports', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    await route.fetch();
    await route.abort('internetdisconnected');
    answerLost();
  });
  await waiting.getByText('重试', { exact: true }).click();
  await lost;
  await waiting.getByText('已传 2/2 张照片', { exact: false }).waitFor();
  expect(await reportsOnServer(name)).toHaveLength(1);

  // Next launch with the network back: the outbox resends under the same key; the server replays it.
  await page.unroute('**/api/v1/reports');
  // The server already lists it, so 我的上报 shows one card, never the outbox entry beside it.
  await page.reload();
  await page.locator('.report-item:not(.outbox-item)').filter({ hasText: '暴露垃圾' }).waitFor();
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('outbox.v1') ?? '{"data":[]}').data.length === 0);
  await expect(page.locator('.outbox-item').count()).resolves.toBe(0);
  expect(await reportsOnServer(name)).toHaveLength(1);
}, 60_000);

test('with no network at all, a citizen who has reported before still fills in a report; the outbox sends it later', async () => {
  const spot = await nextSpot(phones.app);
  const name = demoName('no-signal');
  const page = await phones.open(name, spot);
  await page.locator('#start-report').click();
  await page.locator('#category-choice').click();
  await page.locator('.category-item').first().waitFor();
  await page.goBack();

  // Next launch, with no answer from the server: the kept categories, and the grid asked for again.
  await page.route('**/api/v1/**', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await fillReport(page, { photos: 1, grid: 'unreachable' });
  await page.waitForRequest('**/api/v1/grids/lookup**');
  await screenshot(page, 'miniapp-grid-unreachable');
  await page.locator('.submit-button').click();
  await answerModal(page, '已保存，待发送', '知道了');

  // The network is back: 重试 sends it, and the server found the grid itself.
  await page.unrouteAll();
  await page.locator('.outbox-item').getByText('重试', { exact: true }).click();
  await page.locator('.report-item:not(.outbox-item)').filter({ hasText: '暴露垃圾' }).waitFor();
  const lookup = await phones.app.request('GET', `/api/v1/grids/lookup?lat=${spot.lat}&lng=${spot.lng}`);
  expect(await reportsOnServer(name)).toEqual([expect.objectContaining({ isPrimary: true, gridCode: lookup.body.gridCode })]);
}, 60_000);

test('a pin outside the city is refused in Chinese before anything is sent', async () => {
  // 罗湖区, outside the demo city's unit grids.
  const page = await phones.open(demoName('outside'), { lat: 22.548, lng: 114.131 });
  await page.locator('#start-report').click();
  await page.locator('#place-grid').getByText('该位置不在服务区域内').waitFor();
  await page.locator('.submit-button').click();
  await page.locator('.submit-error').getByText('请至少拍一张照片').waitFor();
});
