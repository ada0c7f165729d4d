/**
 * The 12319 agent console in a real browser: a call reported through the telephony endpoints
 * (with the service token) pops up on the agent's desk with the caller's history and recording;
 * the agent completes the caller's ticket on the map and a case exists, where a reviewer sees the
 * caller masked and reveals the number only on purpose; 热线报表 shows the figures the API computes.
 */
import type { Page } from 'playwright-core';
import { buildCall, buildIvrTicket, callEvent } from '../../server/src/test-support/hotline-factories.js';
import { loginDemoStaff } from '../../server/src/test-support/factories.js';
import { createIsolatedDatabase, type IsolatedDatabase } from '../../server/src/test-support/isolated-database.js';
import { screenshot, startConsole, type Console } from './console.js';

// A database of its own: the ticket queue (oldest first) and the day's figures are the whole
// hotline's, and other test files file tickets too.
let database: IsolatedDatabase;
let ui: Console;
beforeAll(async () => {
  database = await createIsolatedDatabase('hotline_ui');
  ui = await startConsole({ DATABASE_URL: database.url });
  // Today, so the reports page opens on the day these calls are in.
  ui.app.clock.set(new Date());
}, 60_000);
afterAll(async () => {
  await ui?.close();
  await database?.drop();
});

async function statistic(page: Page, title: string): Promise<string> {
  const card = page.getByTestId('hotline-report').locator('.ant-statistic').filter({ has: page.locator('.ant-statistic-title', { hasText: new RegExp(`^${title}$`) }) });
  return (await card.locator('.ant-statistic-content').innerText()).trim();
}

test('an agent takes a popped-up call and completes the caller’s ticket into a case', async () => {
  const { call: earlier, ticket } = await buildIvrTicket(ui.app);
  const masked = `${earlier.callerNumber.slice(0, 3)}****${earlier.callerNumber.slice(-4)}`;

  const agent = await ui.signIn('agent');
  await agent.getByRole('menuitem', { name: '热线坐席' }).click();
  await agent.getByTestId('agent-extension').filter({ hasText: '分机 1000' }).waitFor();
  await agent.getByText('当前没有排队或通话中的来电').waitFor();

  // The same caller rings again and asks for an agent: the desk pops the call within seconds.
  const call = await buildCall(ui.app, { callerNumber: earlier.callerNumber });
  await callEvent(ui.app, call, 'answered');
  await callEvent(ui.app, call, 'menu', { choice: '0' });
  await callEvent(ui.app, call, 'queued', { target: 'user/1000' });
  const pop = agent.getByTestId('call-pop').filter({ hasText: masked });
  await pop.waitFor();
  await pop.getByText('老来电').waitFor();
  await pop.getByText(`工单 ${ticket.number}`).waitFor();
  await pop.getByRole('button', { name: '播放录音' }).click();
  await pop.locator('audio[src^="blob:"]').waitFor();
  await screenshot(agent, 'hotline-call-pop');
  // The full number only on request, and the server audits the view.
  await pop.getByRole('button', { name: '显示号码（留痕）' }).click();
  await pop.getByText(earlier.callerNumber).waitFor();
  ui.app.clock.advance(18_000);
  await callEvent(ui.app, call, 'agent_answered', { agent: '1000' });
  await pop.getByText('通话中').waitFor();

  // The caller's ticket from the queue: category, place (typed street, then a click on the map), description.
  await agent.getByRole('table', { name: '待录入工单' }).getByText(ticket.number).click();
  const form = agent.getByRole('form', { name: '工单录入' });
  await form.getByTestId('category-select').click();
  await agent.keyboard.type('暴露垃圾');
  await agent.locator('.ant-select-item-option').filter({ hasText: '暴露垃圾' }).first().click();
  await form.getByRole('combobox', { name: '地址搜索' }).fill('龙城');
  await agent.locator('.ant-select-item-option').filter({ hasText: '龙城街道' }).first().click();
  await form.getByTestId('picked-location').filter({ hasText: '龙城街道' }).waitFor();
  const map = form.getByRole('application', { name: '位置选择地图' });
  const box = (await map.boundingBox())!;
  await agent.mouse.click(box.x + box.width / 2 + 40, box.y + box.height / 2 + 20);
  await form.getByTestId('map-polygon').waitFor();
  await form.locator('textarea').fill('市民来电反映：路口有一堆生活垃圾无人清理');
  await screenshot(agent, 'hotline-ticket-form');
  await form.getByRole('button', { name: '提交立案受理' }).click();
  const notice = agent.getByTestId('completed-notice');
  await notice.waitFor();
  const caseId = Number(/案件 (\d+)/.exec(await notice.innerText())![1]);
  await screenshot(agent, 'hotline-ticket-completed');

  const reviewer = await loginDemoStaff(ui.app, 'reviewer');
  const theCase = await ui.app.request('GET', `/api/v1/cases/${caseId}`, { token: reviewer.token });
  expect(theCase.status).toBe(200);
  expect(theCase.body.case.reports).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'hotline', description: '市民来电反映：路口有一堆生活垃圾无人清理' })]));
  ui.app.clock.advance(150_000);
  await callEvent(ui.app, call, 'ended', { cause: 'NORMAL_CLEARING' });

  // On the case, a reviewer sees the caller masked and reveals the number on purpose, audited.
  const reviewerPage = await ui.signIn('reviewer');
  await reviewerPage.goto(`${ui.app.url}/admin/cases/${caseId}`);
  const phoned = reviewerPage.getByTestId('case-report').filter({ hasText: '热线' });
  await phoned.getByText(masked).waitFor();
  await phoned.getByRole('button', { name: '显示号码（留痕）' }).click();
  await phoned.getByText(earlier.callerNumber).waitFor();
  const audit = await ui.app.request('GET', '/api/v1/audit-log?action=hotline.phone_viewed', { token: (await loginDemoStaff(ui.app, 'admin')).token });
  expect(audit.body.entries.map((entry: { username: string }) => entry.username)).toEqual(expect.arrayContaining(['agent', 'reviewer']));
  await reviewerPage.context().close();

  // 热线报表: the day's figures as the API computes them, and the call in the log.
  await agent.getByRole('menuitem', { name: '热线报表' }).click();
  const today = await ui.app.request('GET', '/api/v1/hotline/reports/daily', { token: (await loginDemoStaff(ui.app, 'agent')).token });
  await agent.getByTestId('hotline-report').waitFor();
  expect(await statistic(agent, '来电总数')).toBe(String(today.body.calls));
  expect(await statistic(agent, '新建工单')).toBe(String(today.body.ticketsCreated));
  await agent.getByRole('table', { name: '通话日志' }).getByText('人工').first().waitFor();
  await screenshot(agent, 'hotline-reports');
  await agent.locator('.ant-segmented').getByText('月报', { exact: true }).click();
  await agent.getByTestId('hotline-report').getByText(/热线月报 \d{4}-\d{2}/).waitFor();
  const download = agent.waitForEvent('download');
  await agent.getByRole('button', { name: '导出 Excel' }).click();
  expect((await download).suggestedFilename()).toMatch(/^热线月报-\d{4}-\d{2}\.xlsx$/);
});
