/**
 * 总览 refreshes itself; 系统管理's tabs load, and a 常用语 an administrator adds is offered in
 * the matching reason field at the intake desk.
 */
import { randomUUID } from 'node:crypto';
import { buildCase } from '../../server/src/test-support/case-factories.js';
import { screenshot, startConsole, type Console } from './console.js';

let ui: Console;
beforeAll(async () => {
  ui = await startConsole();
});
afterAll(() => ui?.close());

test('总览 shows the open cases and refreshes every 30 s without a reload', async () => {
  await buildCase(ui.app);
  const page = await ui.signIn('supervisor');
  await page.clock.install();
  await page.getByRole('menuitem', { name: '总览' }).click();
  const asOf = page.getByTestId('overview-as-of');
  const before = await asOf.innerText();
  await page.getByTestId('map-point').or(page.getByTestId('map-cluster')).first().waitFor();
  await screenshot(page, 'overview');
  ui.app.clock.advance(60_000);
  await page.clock.fastForward(31_000);
  await page.waitForFunction((text) => document.querySelector('[data-testid=overview-as-of]')?.textContent !== text, before);
  await page.context().close();
});

test('系统管理 tabs load, and a new 常用语 is offered for 不予立案', async () => {
  const phrase = `非城管职责范围，已转交 ${randomUUID().slice(0, 6)}`;
  const admin = await ui.signIn('admin');
  await admin.getByRole('menuitem', { name: '系统管理' }).click();
  await admin.getByRole('tab', { name: '人员与角色' }).click();
  await admin.getByRole('cell', { name: 'admin', exact: true }).waitFor();
  await screenshot(admin, 'system-staff');

  await admin.getByRole('tab', { name: '常用语' }).click();
  await admin.getByRole('button', { name: '新建常用语' }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.locator('textarea').fill(phrase);
  await dialog.getByRole('button', { name: '保存' }).click();
  await admin.getByRole('cell', { name: phrase }).waitFor();
  await screenshot(admin, 'system-templates');

  for (const [tab, name] of [['案件类别', 'system-categories'], ['节假日', 'system-calendar'], ['审计日志', 'system-audit']] as const) {
    await admin.getByRole('tab', { name: tab }).click();
    await admin.locator('.ant-tabs-tabpane-active .ant-table-row').first().waitFor();
    await screenshot(admin, name);
  }

  const { caseId } = await buildCase(ui.app);
  const reviewer = await ui.signIn('reviewer');
  await reviewer.getByRole('menuitem', { name: '受理台' }).click();
  await reviewer.getByLabel('按编号打开案件').fill(String(caseId));
  await reviewer.getByLabel('按编号打开案件').press('Enter');
  await reviewer.getByTestId('action-bar').getByRole('button', { name: '不予立案' }).click();
  const reject = reviewer.getByRole('dialog');
  await reject.getByTestId('template-select').click();
  await reviewer.locator('.ant-select-item-option').filter({ hasText: phrase }).click();
  await expect(reject.locator('textarea').inputValue()).resolves.toBe(phrase);
  await reviewer.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
  await screenshot(reviewer, 'intake-reject-dialog', { fullPage: false });
  await reject.getByTestId('action-submit').click();
  await reviewer.getByText(`不予立案成功：案件 ${caseId}`).waitFor();
  await Promise.all([admin, reviewer].map((page) => page.context().close()));
}, 60_000);
