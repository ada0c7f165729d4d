import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildJpeg, loginDemoStaff } from '../test-support/factories.js';
import { actOk, buildCase } from '../test-support/case-factories.js';
import { refreshLights } from '../workflow/refresh-lights.js';
import { beijingDayOf } from './overview.js';

/** An instant given as Beijing wall-clock time. */
const at = (local: string) => new Date(`${local}+08:00`);

// Wed 12 Mar 2025, a working day no other test file acts on, so the day's counts are this file's
// own. 人防办 (rf-renfang) is a unit no other test dispatches to, so its overview is this file's too.
const DAY = '2025-03-12';
const UNIT = 'rf-renfang';

let app: TestApp;
const tokens: Record<string, string> = {};

async function as(username: string): Promise<string> {
  tokens[username] ??= (await loginDemoStaff(app, username)).token;
  return tokens[username];
}

/** Moves the clock; staff tokens last 10 hours, so everyone signs in again. */
function setClock(local: string) {
  app.clock.set(at(local));
  for (const username of Object.keys(tokens)) delete tokens[username];
}

async function overview(username: string) {
  const response = await app.request('GET', '/api/v1/overview', { token: await as(username) });
  expect(response.status).toBe(200);
  return response.body;
}

async function afterPhoto(username: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await buildJpeg())]), 'after.jpg');
  const response = await app.request('POST', '/api/v1/photos', { token: await as(username), rawBody: form });
  return response.body.photo.id;
}

async function dispatchedToUnit(): Promise<number> {
  const { caseId } = await buildCase(app);
  await actOk(app, await as('reviewer'), caseId, 'accept');
  await actOk(app, await as('reviewer'), caseId, 'register');
  await actOk(app, await as('dispatcher'), caseId, 'dispatch', { departmentCode: UNIT });
  return caseId;
}

/** On DAY: two cases to the unit (one then handled and closed), one rejected, one left waiting. */
let overdueCase: number;
let closedCase: number;
let waitingCase: number;

beforeAll(async () => {
  app = await startTestApp();
  setClock(`${DAY}T09:00`);
  overdueCase = await dispatchedToUnit();
  closedCase = await dispatchedToUnit();
  await actOk(app, await as(`dept-${UNIT}`), closedCase, 'handle', { note: '已整改到位', photoIds: [await afterPhoto(`dept-${UNIT}`)] });
  await actOk(app, await as('verifier'), closedCase, 'close');
  const rejected = await buildCase(app);
  await actOk(app, await as('reviewer'), rejected.caseId, 'reject', { reason: '不属于城管受理范围' });
  waitingCase = (await buildCase(app)).caseId;
});
afterAll(() => app.close());

describe('GET /api/v1/overview', () => {
  it('counts the Beijing day’s reports and steps for the centre', async () => {
    const body = await overview('supervisor');
    expect(body.asOf).toBe(at(`${DAY}T09:00`).toISOString());
    expect(body.departmentCode).toBeNull();
    expect(body.today).toEqual({ date: DAY, reported: 4, accepted: 2, registered: 2, dispatched: 2, handled: 1, closed: 1, rejected: 1 });
  });

  it('breaks the open cases down by status and light, consistently, and maps them most urgent first', async () => {
    const { open, openCases, openCasesTruncated } = await overview('reviewer');
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((total, count) => total + count, 0);
    expect(Object.keys(open.byStatus).sort()).toEqual(['dispatched', 'handled', 'hung', 'pending_acceptance', 'pending_registration', 'registered']);
    expect(Object.keys(open.byLight).sort()).toEqual(['green', 'none', 'red', 'yellow']);
    expect(sum(open.byStatus)).toBe(open.total);
    expect(sum(open.byLight)).toBe(open.total);
    expect(open.byStatus.dispatched).toBeGreaterThanOrEqual(1);
    expect(openCases.length).toBe(Math.min(open.total, 2000));
    expect(openCasesTruncated).toBe(open.total > 2000);
    const ids = openCases.map((item: { id: number }) => item.id);
    expect(ids).toEqual(expect.arrayContaining([overdueCase, waitingCase]));
    expect(ids).not.toContain(closedCase);
    expect(openCases.find((item: { id: number }) => item.id === overdueCase)).toEqual({
      id: overdueCase,
      status: 'dispatched',
      light: 'green',
      categoryCode: 'E0102',
      lat: expect.any(Number),
      lng: expect.any(Number),
    });
  });

  it('shows a department handler only its own unit', async () => {
    const body = await overview(`dept-${UNIT}`);
    expect(body.departmentCode).toBe(UNIT);
    expect(body.today).toEqual({ date: DAY, reported: 2, accepted: 2, registered: 2, dispatched: 2, handled: 1, closed: 1, rejected: 0 });
    expect(body.open).toEqual({
      total: 1,
      byStatus: { pending_acceptance: 0, pending_registration: 0, registered: 0, dispatched: 1, handled: 0, hung: 0 },
      byLight: { green: 1, yellow: 0, red: 0, none: 0 },
    });
    expect(body.openCases.map((item: { id: number }) => item.id)).toEqual([overdueCase]);
    expect(body.topOverdue).toEqual([]);
  });

  it('lists the most overdue red cases, worst first, once the deadlines pass', async () => {
    setClock('2025-03-14T10:00');
    await refreshLights(app.services, app.clock.now());

    const unit = await overview(`dept-${UNIT}`);
    expect(unit.today).toEqual({ date: '2025-03-14', reported: 0, accepted: 0, registered: 0, dispatched: 0, handled: 0, closed: 0, rejected: 0 });
    expect(unit.open.byLight).toEqual({ green: 0, yellow: 0, red: 1, none: 0 });
    expect(unit.topOverdue).toEqual([
      expect.objectContaining({ id: overdueCase, status: 'dispatched', statusLabel: '处置中', light: 'red', departmentCode: UNIT, categoryName: '暴露垃圾' }),
    ]);

    const centre = await overview('dispatcher');
    expect(centre.topOverdue.length).toBeLessThanOrEqual(10);
    expect(centre.topOverdue.every((item: { light: string }) => item.light === 'red')).toBe(true);
    const dues = centre.topOverdue.map((item: { dueAt: string }) => item.dueAt);
    expect(dues).toEqual([...dues].sort());
    // The waiting case's 受理 was due at 10:00 on DAY, before the unit's 处置 deadline.
    const ids = centre.topOverdue.map((item: { id: number }) => item.id);
    expect(ids).toEqual(expect.arrayContaining([waitingCase, overdueCase]));
    expect(ids.indexOf(waitingCase)).toBeLessThan(ids.indexOf(overdueCase));
  });

  it('is for the centre’s roles and department handlers: finance, citizens and strangers are refused', async () => {
    const finance = await app.request('GET', '/api/v1/overview', { token: await as('finance') });
    expect([finance.status, finance.body.error.code]).toEqual([403, 'auth.forbidden']);
    for (const role of ['reviewer', 'dispatcher', 'verifier', 'supervisor', 'agent', 'admin']) {
      expect((await app.request('GET', '/api/v1/overview', { token: await as(role) })).status).toBe(200);
    }
    expect((await app.request('GET', '/api/v1/overview', { token: (await buildCitizen(app)).token })).status).toBe(403);
    expect((await app.request('GET', '/api/v1/overview')).status).toBe(401);
  });

  it('refuses parameters it does not take', async () => {
    const response = await app.request('GET', '/api/v1/overview?date=2025-03-12', { token: await as('supervisor') });
    expect([response.status, response.body.error.fields[0].field]).toEqual([400, 'date']);
  });
});

describe('beijingDayOf', () => {
  it('runs from 00:00 to 24:00 Beijing time, whatever the UTC date', () => {
    expect(beijingDayOf(at('2025-03-12T00:00'))).toEqual({ date: '2025-03-12', from: at('2025-03-12T00:00'), to: at('2025-03-13T00:00') });
    expect(beijingDayOf(new Date('2025-03-11T16:00:00Z')).date).toBe('2025-03-12');
    expect(beijingDayOf(new Date('2025-03-12T15:59:59.999Z')).date).toBe('2025-03-12');
    expect(beijingDayOf(new Date('2025-03-12T16:00:00Z')).date).toBe('2025-03-13');
  });
});
