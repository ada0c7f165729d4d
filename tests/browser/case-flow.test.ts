/**
 * A citizen's report, created through the API, goes 受理 → 立案 → 派遣 → 处置 (with an
 * after-photo upload) → 核查 → 结案 entirely through the console; units see only their own
 * cases; a refused action shows the server's reason; a reviewer moves through the queue by keyboard.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { buildExifJpeg } from '../../server/src/photos/test-images.js';
import { buildCitizen, buildJpeg, loginDemoStaff, uploadPhoto } from '../../server/src/test-support/factories.js';
import { actOk, buildCase, GARBAGE, readCase, type TestCase } from '../../server/src/test-support/case-factories.js';
import { demoDepartmentUsername } from '../../server/src/users/demo-staff.js';
import { screenshot, startConsole, type Console } from './console.js';

let ui: Console;
beforeAll(async () => {
  ui = await startConsole();
});
afterAll(() => ui?.close());

/** Opens a desk with the case selected (`?case=`), as typing its number into the desk does. */
async function openDesk(page: Page, desk: string, caseId: number) {
  await page.getByRole('menuitem', { name: desk }).click();
  await page.getByLabel('按编号打开案件').fill(String(caseId));
  await page.getByLabel('按编号打开案件').press('Enter');
  await page.getByTestId('case-detail').getByRole('heading', { name: new RegExp(`案件 ${caseId} `) }).waitFor();
}

async function expectStatus(page: Page, label: string) {
  await page.getByTestId('case-status').filter({ hasText: label }).waitFor();
}

/** The desk confirms the action; the case may then leave the desk's queue for the next one. */
async function expectDone(page: Page, action: string, caseId: number) {
  await page.getByText(`${action}成功：案件 ${caseId}`).waitFor();
}

/**
 * A second citizen reports the same spot with a photo whose EXIF says it was taken days earlier
 * and kilometres away: the reviewer should be warned about it.
 */
async function reportWithBorrowedPhoto(reported: TestCase) {
  const citizen = await buildCitizen(ui.app);
  const image = await buildExifJpeg({
    dateTimeOriginal: '2025:09:20 10:00:00',
    offsetTimeOriginal: '+08:00',
    gps: { latitude: '22/1 40/1 0/1', latitudeRef: 'N', longitude: '114/1 10/1 0/1', longitudeRef: 'E' },
  });
  const photo = await uploadPhoto(ui.app, citizen, image);
  const response = await ui.app.request('POST', '/api/v1/reports', {
    token: citizen.token,
    headers: { 'Idempotency-Key': randomUUID() },
    body: { categoryCode: GARBAGE, ...reported.spot, description: '垃圾堆了好几天没人管', photoIds: [photo.body.photo.id] },
  });
  expect(response.body.report.caseId).toBe(reported.caseId);
}

/** Takes an action through its dialog, filling the reason/note field when given. */
async function actInDialog(page: Page, action: string, text?: string) {
  await page.getByTestId('action-bar').getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog');
  if (text) await dialog.locator('textarea').fill(text);
  await dialog.getByTestId('action-submit').click();
  await dialog.waitFor({ state: 'hidden' });
}

test('a report goes from 受理 to 结案 through the console', async () => {
  const reported = await buildCase(ui.app);
  const { caseId } = reported;
  await reportWithBorrowedPhoto(reported);

  const reviewer = await ui.signIn('reviewer');
  await openDesk(reviewer, '受理台', caseId);
  await expect(reviewer.getByTestId('case-photo').count()).resolves.toBe(2);
  await reviewer.getByTestId('exif-warning').filter({ hasText: '拍摄地点距上报位置' }).waitFor();
  await reviewer.getByTestId('exif-warning').filter({ hasText: '相差超过 24 小时' }).waitFor();
  await reviewer.getByTestId('map-polygon').waitFor();
  await screenshot(reviewer, 'intake-desk');
  // The original (EXIF intact) comes with the staff token, not a signed URL.
  await reviewer.getByTestId('original-photo').first().click();
  await reviewer.locator('.ant-image-preview-img[src^="blob:"]').waitFor();
  await screenshot(reviewer, 'intake-original-photo');
  await reviewer.keyboard.press('Escape');
  await reviewer.locator('.ant-image-preview-img').waitFor({ state: 'hidden' });
  await reviewer.getByTestId('action-bar').getByRole('button', { name: '受理', exact: true }).click();
  await expectStatus(reviewer, '待立案');
  await actInDialog(reviewer, '立案');
  await expectDone(reviewer, '立案', caseId);

  const dispatcher = await ui.signIn('dispatcher');
  await openDesk(dispatcher, '派遣', caseId);
  const suggested = (await readCase(ui.app, (await loginDemoStaff(ui.app, 'dispatcher')).token, caseId)).suggestedDepartmentCode;
  await screenshot(dispatcher, 'dispatch-desk');
  await dispatcher.getByTestId('dispatch-box').getByRole('button', { name: '派遣' }).click();
  await expectDone(dispatcher, '派遣', caseId);

  const unit = await ui.signIn(demoDepartmentUsername(suggested));
  await openDesk(unit, '部门处置', caseId);
  await screenshot(unit, 'department-desk');
  await unit.getByTestId('action-bar').getByRole('button', { name: '处置反馈' }).click();
  const dialog = unit.getByRole('dialog');
  await dialog.locator('input[type=file]').setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: await buildJpeg({ seed: caseId }) });
  await dialog.locator('.ant-upload-list-item-done, .ant-upload-list-item-container img').first().waitFor();
  await dialog.locator('textarea').fill('已清运完毕，现场整洁');
  await screenshot(unit, 'department-handle-dialog', { fullPage: false });
  await dialog.getByTestId('action-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  await expectDone(unit, '处置反馈', caseId);

  const verifier = await ui.signIn('verifier');
  await openDesk(verifier, '核查', caseId);
  await verifier.getByTestId('before-after').getByTestId('case-photo').nth(1).waitFor();
  await screenshot(verifier, 'verification-desk');
  await actInDialog(verifier, '结案', '现场核查已整改');
  await expectDone(verifier, '结案', caseId);

  await verifier.goto(`${ui.app.url}/admin/cases/${caseId}`);
  const timeline = verifier.getByTestId('timeline-entry');
  await timeline.filter({ hasText: '结案' }).waitFor();
  const steps = await timeline.locator('strong').allInnerTexts();
  expect(steps).toEqual(['受理', '立案', '派遣', '处置反馈', '结案']);
  await screenshot(verifier, 'case-detail');
  await Promise.all([reviewer, dispatcher, unit, verifier].map((page) => page.context().close()));
  // Four sign-ins and six screens: longer than one API test, on CI's two shared cores too.
}, 90_000);

test("a unit cannot open another unit's case by its address", async () => {
  const { caseId } = await buildCase(ui.app);
  const dispatcher = await loginDemoStaff(ui.app, 'dispatcher');
  const reviewer = await loginDemoStaff(ui.app, 'reviewer');
  await actOk(ui.app, reviewer.token, caseId, 'accept');
  await actOk(ui.app, reviewer.token, caseId, 'register');
  await actOk(ui.app, dispatcher.token, caseId, 'dispatch', { departmentCode: 'cg-shizheng' });

  const other = await ui.signIn(demoDepartmentUsername('cg-huanwei'));
  await other.goto(`${ui.app.url}/admin/cases/${caseId}`);
  await other.getByText('案件不存在或无权查看').waitFor();
  await screenshot(other, 'department-other-case');
  await other.context().close();
});

test("an action the case no longer allows shows the server's reason", async () => {
  const { caseId } = await buildCase(ui.app);
  const page = await ui.signIn('reviewer');
  await openDesk(page, '受理台', caseId);
  // Another reviewer accepts it while this page still offers 受理.
  await actOk(ui.app, (await loginDemoStaff(ui.app, 'reviewer')).token, caseId, 'accept');
  await page.getByTestId('action-bar').getByRole('button', { name: '受理', exact: true }).click();
  const notice = page.locator('.ant-notification-notice');
  await notice.getByText('受理失败：当前状态不允许此操作').waitFor();
  await expect(notice.innerText()).resolves.toContain('accept (受理) is not possible while the case is pending_registration (待立案)');
  await screenshot(page, 'illegal-action');
  await page.context().close();
});

test('a reviewer works the queue from the keyboard', async () => {
  await buildCase(ui.app);
  await buildCase(ui.app);
  const page = await ui.signIn('reviewer');
  await page.getByRole('menuitem', { name: '受理台' }).click();
  const queue = page.getByTestId('case-queue');
  const selectedId = async () => Number(new URL(page.url()).searchParams.get('case'));
  await page.waitForURL(/[?&]case=\d+/);
  const ids = await queue.locator('tbody tr[data-row-key]').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-row-key'))));
  expect(ids.length).toBeGreaterThanOrEqual(2);
  expect(await selectedId()).toBe(ids[0]);

  await queue.focus();
  await page.keyboard.press('ArrowDown');
  await page.waitForURL(new RegExp(`[?&]case=${ids[1]}(&|$)`));
  await page.getByTestId('case-detail').getByRole('heading', { name: new RegExp(`案件 ${ids[1]} `) }).waitFor();
  await page.keyboard.press('k');
  await page.waitForURL(new RegExp(`[?&]case=${ids[0]}(&|$)`));
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/admin/cases/${ids[0]}$`));
  await page.context().close();
});
