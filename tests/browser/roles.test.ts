/** Each role signs in and sees its own menu and nothing else; a locked account is told so. */
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../server/src/auth/passwords.js';
import { insertStaff } from '../../server/src/users/staff-queries.js';
import { openPage, screenshot, startConsole, type Console } from './console.js';

let ui: Console;
beforeAll(async () => {
  ui = await startConsole();
});
afterAll(() => ui?.close());

const MENUS: Record<string, string[]> = {
  reviewer: ['总览', '受理台', '案件查询'],
  dispatcher: ['总览', '派遣', '案件查询', '系统管理'],
  verifier: ['总览', '核查', '案件查询'],
  supervisor: ['总览', '派遣', '热线报表', '案件查询'],
  agent: ['总览', '热线坐席', '热线报表', '案件查询'],
  finance: ['结算'],
  admin: ['总览', '热线报表', '案件查询', '结算', '奖励规则', '系统管理'],
  'dept-cg-huanwei': ['总览', '部门处置', '案件查询'],
};

test.each(Object.entries(MENUS))('%s sees only its menu', async (username, menu) => {
  const page = await ui.signIn(username);
  await expect(page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem').allInnerTexts()).resolves.toEqual(menu);
  await page.context().close();
});

test('a wrong password is refused, and the lockout says until when', async () => {
  const username = `locked-${randomUUID().slice(0, 6)}`;
  await insertStaff(ui.app.services.db, {
    username,
    name: '锁定测试',
    passwordHash: await hashPassword('Right-pass-2025'),
    roles: ['reviewer'],
    departmentCode: null,
    createdAt: ui.app.clock.now(),
  });
  const page = await openPage(ui.browser, ui.app);
  await screenshot(page, 'login');
  const attempts = ui.app.services.config.staff.lockoutAttempts;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill('Wrong-pass-2025');
    await page.getByRole('button', { name: '登录' }).click();
    const expected = attempt < attempts ? '用户名或密码错误' : '登录失败次数过多，账号已锁定';
    await page.getByRole('alert').getByText(expected).waitFor();
  }
  await expect(page.getByRole('alert').innerText()).resolves.toContain('locked until');
  await screenshot(page, 'login-locked');
  await page.context().close();
});
