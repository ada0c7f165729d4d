/**
 * 市民随手拍's H5 version in a real browser: the API in this process (it serves miniapp/dist/h5
 * at /h5/, built by `npm test`) and Debian's Chromium as a phone: a 390×844 touch screen, zh-CN,
 * Beijing time, and the position given through the browser's geolocation.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../server/src/test-support/test-app.js';
import sharp from 'sharp';

const CHROMIUM = '/usr/bin/chromium';

export interface Phones {
  app: TestApp;
  browser: Browser;
  /** A new phone (own storage) at `spot`, past the privacy notice, logged in as demo citizen `name`. */
  open(name: string, spot: { lat: number; lng: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function startPhones(): Promise<Phones> {
  const app = await startTestApp();
  // Root cannot use Chromium's sandbox; the pages are our own app on loopback.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  return {
    app,
    browser,
    async open(name, spot) {
      const page = await newPhone(browser, app, spot);
      await agreeToPrivacy(page);
      await demoLogin(page, name);
      return page;
    },
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

/** A phone-sized browser context at the app's first page; nothing agreed to, nobody logged in. */
export async function newPhone(browser: Browser, app: TestApp, spot: { lat: number; lng: number }): Promise<Page> {
  const context: BrowserContext = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    geolocation: { latitude: spot.lat, longitude: spot.lng, accuracy: 10 },
    permissions: ['geolocation'],
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${app.url}/h5/`);
  return page;
}

export async function agreeToPrivacy(page: Page): Promise<void> {
  await page.locator('#privacy-sheet').getByText('同意并继续').click();
  await page.locator('#privacy-sheet').waitFor({ state: 'detached' });
}

export async function demoLogin(page: Page, name: string): Promise<void> {
  await page.locator('#demo-name input, input#demo-name').first().fill(name);
  await page.getByText('登录', { exact: true }).click();
  await page.locator('#start-report').waitFor();
}

/**
 * A phone-camera-sized JPEG (1600×1200, larger than the app keeps, so compression runs) that
 * looks like something in a screenshot: a street, a kerb and a heap, in colours set by `seed`.
 */
export function buildStreetPhoto(seed: number): Promise<Buffer> {
  const hue = (seed * 67) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200">
    <rect width="1600" height="1200" fill="hsl(${hue},25%,70%)"/>
    <rect y="760" width="1600" height="440" fill="hsl(${hue},8%,45%)"/>
    <rect y="730" width="1600" height="40" fill="hsl(${hue},5%,80%)"/>
    <ellipse cx="800" cy="820" rx="360" ry="160" fill="hsl(${(hue + 120) % 360},45%,35%)"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/**
 * From the home page: 随手拍 → photos → (the pin from geolocation) → category, searched for in the
 * picker (`whilePicking` runs with the picker open). Leaves the form unsent. `grid` is what the
 * place card should come to show: the pin's grid code, or that the lookup got no answer.
 */
export async function fillReport(
  page: Page,
  { photos = 2, category = '暴露垃圾', grid = 'found' as 'found' | 'unreachable', whilePicking = async (_page: Page) => {} } = {},
): Promise<void> {
  await page.locator('#start-report').click();
  const files = await Promise.all(
    Array.from({ length: photos }, async (_, index) => ({ name: `photo-${index}.jpg`, mimeType: 'image/jpeg', buffer: await buildStreetPhoto(index + 1) })),
  );
  await page.locator('input[type=file]').setInputFiles(files);
  await page.locator('.photo-thumb').nth(photos - 1).waitFor();
  // The grid's code, not 「正在确认所属网格…」, which also has 网格 in it.
  await page.locator('#place-grid').getByText(grid === 'found' ? /^网格 \S+$/ : '暂未确认所属网格').waitFor();
  await page.locator('#category-choice').click();
  await whilePicking(page);
  await page.locator('.category-sheet input').fill(category.slice(0, 2));
  await page.locator('.category-item').filter({ hasText: category }).click();
  await page.locator('#category-choice').getByText(category).waitFor();
}

/** Waits for page transitions and fades to finish, so a screenshot shows one page, still. */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
}

/**
 * Taro's H5 modal: its title, then its button. A send includes photo uploads, which a loaded
 * CI machine makes slow; a failure names what the phone showed instead: another modal or the form's error.
 */
export async function answerModal(page: Page, title: string, button: string): Promise<void> {
  const modal = page.locator('.taro__modal');
  await modal.getByText(title).waitFor({ timeout: 30_000 }).catch(async (error: Error) => {
    const shown = await modal
      .innerText({ timeout: 1_000 })
      .catch(() => page.locator('.error-text').allInnerTexts().then((errors) => `no modal; errors: ${errors.join(' | ') || 'none'}`));
    throw new Error(`modal "${title}" not shown (the phone shows: ${shown.replace(/\s+/g, ' ')}): ${error.message}`);
  });
  await modal.getByText(button).click();
  await modal.waitFor({ state: 'hidden' });
}
