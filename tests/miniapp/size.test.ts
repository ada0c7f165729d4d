/**
 * 市民随手拍 inside its limits: the weapp build (made here into a temporary folder) within
 * WeChat's package limits (main package ≤ 2 MB, whole app ≤ 20 MB), and the H5 build's first
 * load (the JS Chromium fetches to show 首页 on a phone, gzipped as a server would send it)
 * ≤ 300 KB. Prints the figures.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Koa from 'koa';
import { chromium } from 'playwright-core';
import { h5Static } from '../../server/src/http/static-apps.js';
import { MINIAPP_WEAPP, runBuild } from '../../scripts/lib/static-build.js';

const KB = 1024;
const MB = 1024 * KB;
/** The sub-package roots of miniapp/src/app.config.ts: downloaded on first use, outside the main package. */
const SUB_PACKAGES = ['more/'];

async function filesUnder(dir: string, prefix = ''): Promise<Array<{ path: string; bytes: number }>> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(full, `${prefix}${entry.name}/`);
      return [{ path: `${prefix}${entry.name}`, bytes: (await stat(full)).size }];
    }),
  );
  return nested.flat();
}

const sum = (files: Array<{ bytes: number }>) => files.reduce((total, file) => total + file.bytes, 0);

test('the weapp build fits WeChat\'s package limits', async () => {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'szcg-weapp-'));
  try {
    const build = await runBuild(MINIAPP_WEAPP, { env: { ...process.env, MINIAPP_OUT_DIR: outDir }, quiet: true });
    if (build.code !== 0) console.log(build.output);
    expect(build.code).toBe(0);
    // What WeChat DevTools uploads: the code and assets, not the licence notes the bundler leaves.
    const files = (await filesUnder(outDir)).filter((file) => !file.path.endsWith('.LICENSE.txt'));
    const main = files.filter((file) => !SUB_PACKAGES.some((root) => file.path.startsWith(root)));
    console.log(`weapp: main package ${(sum(main) / KB).toFixed(1)} KB (limit 2048 KB), whole app ${(sum(files) / KB).toFixed(1)} KB (limit 20480 KB)`);
    expect(files.some((file) => file.path === 'app.json')).toBe(true);
    expect(sum(main)).toBeLessThanOrEqual(2 * MB);
    expect(sum(files)).toBeLessThanOrEqual(20 * MB);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}, 300_000);

test('the H5 first load is at most 300 KB of gzipped JS', async () => {
  // The build `npm test` made, served as the API serves it.
  const server: Server = new Koa().use(h5Static()).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await context.newPage();
    const loads: Array<Promise<{ url: string; gzipped: number }>> = [];
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      loads.push(response.body().then((body) => ({ url: response.url(), gzipped: gzipSync(body).length })));
    });
    const { port } = server.address() as { port: number };
    // 首页 is up (as a first-time visitor sees it: the login card under the privacy notice) and nothing more is loading.
    await page.goto(`http://127.0.0.1:${port}/h5/`);
    await page.locator('.login-card').waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    const scripts = await Promise.all(loads);
    const total = sum(scripts.map((script) => ({ bytes: script.gzipped })));
    console.log(`H5 first load: ${scripts.length} scripts, ${(total / KB).toFixed(1)} KB gzipped (limit 300 KB)\n${scripts.map((script) => `  ${new URL(script.url).pathname} ${(script.gzipped / KB).toFixed(1)} KB`).join('\n')}`);
    expect(scripts.length).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(300 * KB);
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}, 120_000);
