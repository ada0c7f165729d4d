/**
 * The admin console in a real browser: the API in this process (it serves admin/dist at /admin/,
 * built by `npm test`) against the test PostgreSQL and Redis, and Debian's Chromium driven
 * headless by playwright-core. Screenshots go to tests/artifacts/ for a person to look at.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../server/src/test-support/test-app.js';
import { DEMO_STAFF_PASSWORD } from '../../server/src/users/demo-staff.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';

export interface Console {
  app: TestApp;
  browser: Browser;
  /** A fresh browser context (own sessionStorage), signed in as the demo account. */
  signIn(username: string, password?: string): Promise<Page>;
  close(): Promise<void>;
}

/** `env` reaches the API's config, e.g. a database of the test's own or a WeChat Pay peer. */
export async function startConsole(env: Record<string, string> = {}): Promise<Console> {
  const app = await startTestApp(env);
  // Root cannot use Chromium's sandbox; the pages are our own console on loopback.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  return {
    app,
    browser,
    async signIn(username, password = DEMO_STAFF_PASSWORD) {
      const page = await openPage(browser, app);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByTestId('current-user').waitFor();
      return page;
    },
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

/** A new context at the login page. */
export async function openPage(browser: Browser, app: TestApp, path = '/admin/'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(app.url + path);
  return page;
}

/** Saves a screenshot as tests/artifacts/<name>.png: the whole page, or the viewport for a dialog over it. */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage });
}
