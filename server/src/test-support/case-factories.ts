/**
 * Factories for workflow tests: a case founded by a real citizen report, staff who act on it,
 * and a walk through the stages, all through the HTTP API.
 */
import { randomUUID } from 'node:crypto';
import type { TestApp, TestResponse } from './test-app.js';
import { buildCitizen, buildJpeg, buildPhoto, loginDemoStaff, nextSpot, type TestCitizen } from './factories.js';

export interface TestCase {
  caseId: number;
  reportId: number;
  citizen: TestCitizen;
  spot: { lat: number; lng: number };
}

/** 暴露垃圾: 4 working hours to handle, dispatched by default to the street office of the spot. */
export const GARBAGE = 'E0102';

/** A new case at a spot no other test uses, founded by a new citizen's report. */
export async function buildCase(app: TestApp, options: { categoryCode?: string; citizen?: TestCitizen; spot?: { lat: number; lng: number } } = {}): Promise<TestCase> {
  const citizen = options.citizen ?? (await buildCitizen(app));
  const spot = options.spot ?? (await nextSpot(app));
  const response = await submitReportAt(app, citizen, spot, options.categoryCode ?? GARBAGE);
  return { caseId: response.body.report.caseId, reportId: response.body.report.id, citizen, spot };
}

/** Another citizen's (or the same one's) report at a spot, e.g. a duplicate of an existing case. */
export async function submitReportAt(app: TestApp, citizen: TestCitizen, spot: { lat: number; lng: number }, categoryCode = GARBAGE) {
  const response = await app.request('POST', '/api/v1/reports', {
    token: citizen.token,
    headers: { 'Idempotency-Key': randomUUID() },
    body: { categoryCode, ...spot, description: '路边有一堆垃圾', photoIds: [await buildPhoto(app, citizen)] },
  });
  if (response.status !== 201) throw new Error(`report failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response;
}

/** Takes a workflow action as the given staff token. */
export function act(app: TestApp, token: string, caseId: number, action: string, fields: Record<string, unknown> = {}): Promise<TestResponse> {
  return app.request('POST', `/api/v1/cases/${caseId}/actions`, { token, body: { action, ...fields } });
}

/** Takes an action that must succeed, failing the test with the server's answer when it does not. */
export async function actOk(app: TestApp, token: string, caseId: number, action: string, fields: Record<string, unknown> = {}) {
  const response = await act(app, token, caseId, action, fields);
  if (response.status !== 200) throw new Error(`${action} on case ${caseId}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.case as { caseId: number; status: string; version: number };
}

export async function readCase(app: TestApp, token: string, caseId: number) {
  const response = await app.request('GET', `/api/v1/cases/${caseId}`, { token });
  if (response.status !== 200) throw new Error(`read case ${caseId}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.case;
}

/**
 * Walks a case through the supervision workflow with the demo accounts, as the staff would:
 * 受理, 立案, 派遣 to the suggested unit, 处置 with an after-photo, 核查 and 结案.
 */
export async function closeThroughWorkflow(app: TestApp, caseId: number): Promise<void> {
  const as = async (username: string) => (await loginDemoStaff(app, username)).token;
  const reviewer = await as('reviewer');
  await actOk(app, reviewer, caseId, 'accept');
  await actOk(app, reviewer, caseId, 'register');
  const department = (await readCase(app, await as('dispatcher'), caseId)).suggestedDepartmentCode as string;
  await actOk(app, await as('dispatcher'), caseId, 'dispatch', { departmentCode: department });
  const handler = await as(`dept-${department}`);
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await buildJpeg())]), 'after.jpg');
  const photo = await app.request('POST', '/api/v1/photos', { token: handler, rawBody: form });
  await actOk(app, handler, caseId, 'handle', { note: '已处置', photoIds: [photo.body.photo.id] });
  await actOk(app, await as('verifier'), caseId, 'close', { note: '现场核查通过' });
}
