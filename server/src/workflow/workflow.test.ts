import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, loginDemoStaff } from '../test-support/factories.js';
import { act, actOk, buildCase, readCase, submitReportAt, GARBAGE } from '../test-support/case-factories.js';
import { buildJpeg } from '../test-support/factories.js';

let app: TestApp;
const tokens: Record<string, string> = {};

/** The demo account's token, logged in once per file. */
async function as(username: string): Promise<string> {
  tokens[username] ??= (await loginDemoStaff(app, username)).token;
  return tokens[username];
}

async function staffPhoto(username: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await buildJpeg())]), 'after.jpg');
  const response = await app.request('POST', '/api/v1/photos', { token: await as(username), rawBody: form });
  if (response.status !== 201) throw new Error(`staff photo upload: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.photo.id;
}

/** Takes a new case to 待派遣 and returns it with the suggested unit's account. */
async function registeredCase() {
  const built = await buildCase(app);
  await actOk(app, await as('reviewer'), built.caseId, 'accept');
  await actOk(app, await as('reviewer'), built.caseId, 'register');
  const detail = await readCase(app, await as('dispatcher'), built.caseId);
  return { ...built, department: detail.suggestedDepartmentCode as string };
}

async function dispatchedCase() {
  const registered = await registeredCase();
  await actOk(app, await as('dispatcher'), registered.caseId, 'dispatch', { departmentCode: registered.department });
  return { ...registered, departmentToken: await as(`dept-${registered.department}`) };
}

async function handledCase() {
  const dispatched = await dispatchedCase();
  const photoId = await staffPhoto(`dept-${dispatched.department}`);
  await actOk(app, dispatched.departmentToken, dispatched.caseId, 'handle', { note: '已清运', photoIds: [photoId] });
  return { ...dispatched, photoId };
}

async function outboxTopics(caseId: number): Promise<string[]> {
  const rows = await app.services.db
    .selectFrom('outbox')
    .select('topic')
    .where(sql`payload->>'caseId'`, '=', String(caseId))
    .orderBy('id')
    .execute();
  return rows.map((row) => row.topic);
}

beforeAll(async () => {
  // 2025-09-29 (Mon) 09:00 Beijing: a working day, far enough from the National Day holiday.
  app = await startTestApp({}, undefined);
  app.clock.set('2025-09-29T09:00:00+08:00');
});
afterAll(async () => app.close());

describe('the whole path from a citizen report to 结案', () => {
  it('walks 受理 → 立案 → 派遣 → 处置 → 核查 → 结案 and records every step', async () => {
    const { caseId, photoId, departmentToken, department } = await handledCase();
    await actOk(app, await as('verifier'), caseId, 'close', { note: '现场已清理干净' });

    const detail = await readCase(app, await as('supervisor'), caseId);
    expect(detail.status).toBe('closed');
    expect(detail.departmentCode).toBe(department);
    expect(detail.timeline.map((entry: { action: string }) => entry.action)).toEqual(['accept', 'register', 'dispatch', 'handle', 'close']);
    const handle = detail.timeline.find((entry: { action: string }) => entry.action === 'handle');
    expect(handle.actor).toMatchObject({ role: 'department' });
    expect(handle.photos.map((photo: { id: string }) => photo.id)).toEqual([photoId]);
    expect(detail.deadlines.map((clock: { stage: string }) => clock.stage)).toEqual(['accept', 'register', 'dispatch', 'handle']);
    expect(detail.lights.current).toBe('none');
    expect(detail.reports).toHaveLength(1);
    expect(detail.reports[0].reporter.openid).toMatch(/\*\*\*\*/);
    expect(await outboxTopics(caseId)).toEqual([
      'report.received',
      'case.accepted',
      'case.registered',
      'case.dispatched',
      'case.handled',
      'case.closed',
    ]);
    const audit = await app.services.db.selectFrom('staffAuditLog').select('action').where('targetId', '=', String(caseId)).execute();
    expect(audit.map((row) => row.action)).toEqual(['case.accept', 'case.register', 'case.dispatch', 'case.handle', 'case.close']);
    // A finished case takes no more actions.
    expect((await act(app, departmentToken, caseId, 'handle', { note: 'again', photoIds: [photoId] })).status).toBe(409);
  });

  it('corrects the category at 立案 and starts the 派遣 clock from the new category', async () => {
    const { caseId } = await buildCase(app);
    await actOk(app, await as('reviewer'), caseId, 'accept');
    await actOk(app, await as('reviewer'), caseId, 'register', { categoryCode: 'E0104' });
    const detail = await readCase(app, await as('dispatcher'), caseId);
    expect(detail.categoryCode).toBe('E0104');
    expect(detail.timeline[1].details).toMatchObject({ categoryCode: 'E0104', previousCategoryCode: GARBAGE });
  });

  it('sends a case for on-site 核实 and lets 立案 wait for the verifier', async () => {
    const { caseId } = await buildCase(app);
    await actOk(app, await as('reviewer'), caseId, 'request_verification', { note: '请核实是否在道路红线内' });
    const blocked = await act(app, await as('reviewer'), caseId, 'register');
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('case.illegal_transition');
    await actOk(app, await as('verifier'), caseId, 'report_verification', { confirmed: true, note: '情况属实' });
    expect((await actOk(app, await as('reviewer'), caseId, 'register')).status).toBe('registered');
  });

  it('不予立案 records the reason', async () => {
    const { caseId } = await buildCase(app);
    await actOk(app, await as('reviewer'), caseId, 'reject', { reason: '不属于城管受理范围' });
    const detail = await readCase(app, await as('reviewer'), caseId);
    expect(detail.status).toBe('rejected');
    expect(detail.timeline[0].reason).toBe('不属于城管受理范围');
  });
});

describe('who may do what', () => {
  it('refuses a role that may not take the action with 403, whatever the state', async () => {
    const { caseId } = await buildCase(app);
    for (const [username, action, fields] of [
      ['dispatcher', 'accept', {}],
      ['verifier', 'dispatch', { departmentCode: 'cg-huanwei' }],
      ['reviewer', 'close', {}],
      ['finance', 'accept', {}],
      ['agent', 'void', { reason: '重复' }],
    ] as const) {
      const response = await act(app, await as(username), caseId, action, fields);
      expect([username, response.status, response.body.error.code]).toEqual([username, 403, 'auth.forbidden']);
    }
    expect((await readCase(app, await as('reviewer'), caseId)).status).toBe('pending_acceptance');
  });

  it('refuses citizens and anonymous callers', async () => {
    const { caseId, citizen } = await buildCase(app);
    expect((await act(app, citizen.token, caseId, 'accept')).status).toBe(403);
    expect((await app.request('POST', `/api/v1/cases/${caseId}/actions`, { body: { action: 'accept' } })).status).toBe(401);
    expect((await app.request('GET', `/api/v1/cases/${caseId}`, { token: citizen.token })).status).toBe(403);
  });

  it('answers an action illegal in the current state with 409 case.illegal_transition and changes nothing', async () => {
    const { caseId } = await buildCase(app);
    const response = await act(app, await as('verifier'), caseId, 'close');
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('case.illegal_transition');
    const detail = await readCase(app, await as('reviewer'), caseId);
    expect([detail.status, detail.version, detail.timeline.length]).toEqual(['pending_acceptance', 1, 0]);
  });

  it('refuses bad bodies with 400 naming the field', async () => {
    const { caseId } = await buildCase(app);
    const reviewer = await as('reviewer');
    expect((await act(app, reviewer, caseId, 'reject')).body.error.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect((await act(app, reviewer, caseId, 'teleport')).body.error.fields[0].field).toBe('action');
    expect((await act(app, reviewer, caseId, 'accept', { departmentCode: 'cg-huanwei' })).status).toBe(400);
    expect((await act(app, reviewer, 987654321, 'accept')).status).toBe(404);
  });

  it('offers each person only the actions they can take now', async () => {
    const { caseId, department } = await registeredCase();
    expect((await readCase(app, await as('dispatcher'), caseId)).allowedActions).toEqual(
      expect.arrayContaining(['dispatch', 'hang', 'void', 'urge']),
    );
    expect((await readCase(app, await as('reviewer'), caseId)).allowedActions).not.toContain('dispatch');
    expect(department).toMatch(/^street-/);
  });
});

describe('department isolation', () => {
  it('shows a unit only the cases dispatched to it', async () => {
    const { caseId, departmentToken } = await dispatchedCase();
    const other = await as('dept-cg-ludeng');
    expect((await app.request('GET', `/api/v1/cases/${caseId}`, { token: other })).status).toBe(404);
    expect((await act(app, other, caseId, 'handle', { note: 'x', photoIds: [randomUUID()] })).status).toBe(404);
    const own = await app.request('GET', '/api/v1/cases?status=dispatched&pageSize=200', { token: departmentToken });
    expect(own.body.cases.map((row: { id: number }) => row.id)).toContain(caseId);
    const others = await app.request('GET', '/api/v1/cases?pageSize=200', { token: other });
    expect(others.body.cases.every((row: { departmentCode: string }) => row.departmentCode === 'cg-ludeng')).toBe(true);
  });
});

describe('回退, 返工 and re-dispatch', () => {
  it('a unit returns a mis-dispatch; the centre re-dispatches; the return counts against the dispatch', async () => {
    const { caseId, departmentToken, department } = await dispatchedCase();
    await actOk(app, departmentToken, caseId, 'return', { reason: '不属于本单位职责' });
    let detail = await readCase(app, await as('dispatcher'), caseId);
    expect([detail.status, detail.departmentCode, detail.returnCount]).toEqual(['registered', null, 1]);
    await actOk(app, await as('dispatcher'), caseId, 'dispatch', { departmentCode: 'cg-huanwei' });
    detail = await readCase(app, await as('dispatcher'), caseId);
    expect(detail.departmentCode).toBe('cg-huanwei');
    const dispatches = await app.services.db.selectFrom('caseDispatches').selectAll().where('caseId', '=', caseId).orderBy('id').execute();
    expect(dispatches.map((row) => [row.departmentCode, row.returnReason])).toEqual([
      [department, '不属于本单位职责'],
      ['cg-huanwei', null],
    ]);
    expect(dispatches[1].suggestedDepartmentCode).toBe(department);
    // The first unit no longer sees the case.
    expect((await app.request('GET', `/api/v1/cases/${caseId}`, { token: departmentToken })).status).toBe(404);
  });

  it('返工 sends the case back to the unit on a fresh clock', async () => {
    const { caseId, departmentToken, department } = await handledCase();
    await actOk(app, await as('verifier'), caseId, 'rework', { reason: '现场仍有垃圾' });
    const detail = await readCase(app, departmentToken, caseId);
    expect([detail.status, detail.departmentCode, detail.reworkCount]).toEqual(['dispatched', department, 1]);
    expect(detail.deadlines.filter((clock: { stage: string }) => clock.stage === 'handle')).toHaveLength(2);
  });
});

describe('延期', () => {
  it('the dispatcher approves the first extension within the limit and the deadline moves', async () => {
    const { caseId, departmentToken } = await dispatchedCase();
    const before = (await readCase(app, departmentToken, caseId)).dueAt;
    await actOk(app, departmentToken, caseId, 'request_extension', { hours: 4, reason: '需要调配车辆' });
    expect((await act(app, departmentToken, caseId, 'request_extension', { hours: 2, reason: '再次' })).status).toBe(409);
    await actOk(app, await as('dispatcher'), caseId, 'approve_extension');
    const after = await readCase(app, departmentToken, caseId);
    expect(new Date(after.dueAt).getTime()).toBeGreaterThan(new Date(before).getTime());
    expect(after.pendingExtension).toBeNull();
  });

  it('a second extension, or one beyond the limit, needs a supervisor', async () => {
    const { caseId, departmentToken } = await dispatchedCase();
    await actOk(app, departmentToken, caseId, 'request_extension', { days: 5, reason: '需要专业施工队' });
    const refused = await act(app, await as('dispatcher'), caseId, 'approve_extension');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'auth.forbidden']);
    await actOk(app, await as('supervisor'), caseId, 'approve_extension');
    await actOk(app, departmentToken, caseId, 'request_extension', { hours: 1, reason: '材料未到' });
    expect((await act(app, await as('dispatcher'), caseId, 'deny_extension', { reason: '不同意' })).status).toBe(403);
    await actOk(app, await as('supervisor'), caseId, 'deny_extension', { reason: '请按期处置' });
    const extensions = await app.services.db.selectFrom('caseExtensions').select(['ordinal', 'status']).where('caseId', '=', caseId).orderBy('ordinal').execute();
    expect(extensions).toEqual([
      { ordinal: 1, status: 'approved' },
      { ordinal: 2, status: 'denied' },
    ]);
  });
});

describe('挂账', () => {
  it('parks a case off the clock until it is taken back', async () => {
    const { caseId, departmentToken } = await dispatchedCase();
    const dispatcher = await as('dispatcher');
    expect((await act(app, dispatcher, caseId, 'hang', { reason: '需纳入年度改造计划', reviewOn: '2025-01-01' })).status).toBe(422);
    await actOk(app, dispatcher, caseId, 'hang', { reason: '需纳入年度改造计划', reviewOn: '2025-12-31' });
    let detail = await readCase(app, dispatcher, caseId);
    expect([detail.status, detail.lights.current, detail.hungReviewOn]).toEqual(['hung', 'none', '2025-12-31']);
    // The unit still sees its parked case, but cannot handle it while it is off the clock.
    expect((await act(app, departmentToken, caseId, 'handle', { note: 'x', photoIds: [randomUUID()] })).status).toBe(409);
    await actOk(app, dispatcher, caseId, 'unhang');
    detail = await readCase(app, dispatcher, caseId);
    expect([detail.status, detail.lights.current]).toEqual(['dispatched', 'green']);
  });
});

describe('merge and split', () => {
  it('merges a duplicate into another case, keeping its reporters', async () => {
    const first = await buildCase(app);
    const duplicate = await buildCase(app);
    await actOk(app, await as('reviewer'), duplicate.caseId, 'merge', { intoCaseId: first.caseId });
    const merged = await readCase(app, await as('reviewer'), duplicate.caseId);
    expect([merged.status, merged.mergedIntoCaseId]).toEqual(['voided', first.caseId]);
    const target = await readCase(app, await as('reviewer'), first.caseId);
    expect(target.reporterCount).toBe(2);
    expect(target.reports.map((report: { id: number; isPrimary: boolean }) => [report.id, report.isPrimary])).toEqual([
      [first.reportId, true],
      [duplicate.reportId, false],
    ]);
    expect((await act(app, await as('reviewer'), first.caseId, 'merge', { intoCaseId: first.caseId })).status).toBe(422);
  });

  it('splits reports that describe a different problem into a new case', async () => {
    const built = await buildCase(app);
    const second = await submitReportAt(app, await buildCitizen(app), built.spot);
    expect(second.body.report.caseId).toBe(built.caseId);
    const result = await actOk(app, await as('dispatcher'), built.caseId, 'split', { reportIds: [second.body.report.id] });
    const split = await readCase(app, await as('dispatcher'), built.caseId);
    const newCaseId = split.timeline.at(-1).details.newCaseId;
    const created = await readCase(app, await as('dispatcher'), newCaseId);
    expect([created.status, created.reporterCount, created.reports[0].isPrimary]).toEqual(['pending_acceptance', 1, true]);
    expect([split.reporterCount, result.version]).toEqual([1, 2]);
    expect((await act(app, await as('dispatcher'), built.caseId, 'split', { reportIds: [built.reportId] })).status).toBe(422);
  });
});

describe('concurrency', () => {
  it('applies only one of two concurrent dispatches', async () => {
    const { caseId, department } = await registeredCase();
    const [one, two] = await Promise.all([
      act(app, await as('dispatcher'), caseId, 'dispatch', { departmentCode: department }),
      act(app, await as('dispatcher'), caseId, 'dispatch', { departmentCode: 'cg-huanwei' }),
    ]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    const dispatches = await app.services.db.selectFrom('caseDispatches').select('id').where('caseId', '=', caseId).execute();
    expect(dispatches).toHaveLength(1);
  });

  it('refuses an action sent for a stale version', async () => {
    const { caseId } = await buildCase(app);
    await actOk(app, await as('reviewer'), caseId, 'accept', { expectedVersion: 1 });
    const stale = await act(app, await as('reviewer'), caseId, 'register', { expectedVersion: 1 });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'case.version_conflict']);
  });
});

describe('the case list', () => {
  it('filters by status, street, category and light, most urgent first', async () => {
    const { caseId } = await registeredCase();
    const reviewer = await as('reviewer');
    const detail = await readCase(app, reviewer, caseId);
    const response = await app.request('GET', `/api/v1/cases?status=registered&street=${detail.street.code}&category=${GARBAGE}&light=green&pageSize=200`, {
      token: reviewer,
    });
    expect(response.status).toBe(200);
    expect(response.body.cases.map((row: { id: number }) => row.id)).toContain(caseId);
    expect(response.body.cases.every((row: { status: string }) => row.status === 'registered')).toBe(true);
    expect((await app.request('GET', '/api/v1/cases?status=lost', { token: reviewer })).status).toBe(400);
  });

  it('lists the flagged queues: 回退 to re-dispatch, 延期 to decide, 核实 to do', async () => {
    const returned = await dispatchedCase();
    await actOk(app, returned.departmentToken, returned.caseId, 'return', { reason: '不属于本单位职责' });
    const extended = await dispatchedCase();
    await actOk(app, extended.departmentToken, extended.caseId, 'request_extension', { hours: 2, reason: '需要调配车辆' });
    const verifying = await buildCase(app);
    await actOk(app, await as('reviewer'), verifying.caseId, 'request_verification');
    const plain = await registeredCase();
    const dispatcher = await as('dispatcher');
    const ids = async (query: string) =>
      (await app.request('GET', `/api/v1/cases?${query}&pageSize=200`, { token: dispatcher })).body.cases.map((row: { id: number }) => row.id);
    const returnedIds = await ids('status=registered&flag=returned');
    expect(returnedIds).toContain(returned.caseId);
    expect(returnedIds).not.toContain(plain.caseId);
    const extensionIds = await ids('flag=extension_pending');
    expect(extensionIds).toContain(extended.caseId);
    expect(extensionIds).not.toContain(returned.caseId);
    const verificationIds = await ids('flag=verification_requested');
    expect(verificationIds).toContain(verifying.caseId);
    expect(verificationIds).not.toContain(extended.caseId);
    expect((await app.request('GET', '/api/v1/cases?flag=lost', { token: dispatcher })).status).toBe(400);
  });
});
