import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildStaff, type TestCitizen } from '../test-support/factories.js';
import { actOk, buildCase, closeThroughWorkflow } from '../test-support/case-factories.js';
import { deliverCaseEvents } from '../test-support/reward-factories.js';
import { CitizenProgressProcessor } from '../feedback/citizen-progress-processor.js';

let app: TestApp;
let staff: string;
let progress: CitizenProgressProcessor;
beforeAll(async () => {
  app = await startTestApp();
  staff = (await buildStaff(app, { roles: ['reviewer', 'dispatcher', 'verifier'] })).token;
  progress = new CitizenProgressProcessor(app.services.db);
});
afterAll(() => app.close());

async function summaryOf(citizen: TestCitizen) {
  const response = await app.request('GET', '/api/v1/reports/summary', { token: citizen.token });
  expect(response.status).toBe(200);
  return response.body;
}

/** Takes the staff action a minute later and records its public step, as the worker would. */
async function step(caseId: number, action: string, topic: string, fields: Record<string, unknown> = {}) {
  app.clock.advance(60_000);
  await actOk(app, staff, caseId, action, fields);
  await deliverCaseEvents(app, progress, caseId, topic);
}

describe('GET /api/v1/reports/summary', () => {
  it('is empty for a citizen who has reported nothing', async () => {
    expect(await summaryOf(await buildCitizen(app))).toEqual({ counts: { submitted: 0, registered: 0, closed: 0 }, latest: [] });
  });

  it('counts submitted, 立案 and 结案 reports and lists the latest progress first, in public words', async () => {
    const citizen = await buildCitizen(app);
    const waiting = await buildCase(app, { citizen });
    const rejected = await buildCase(app, { citizen });
    const registered = await buildCase(app, { citizen });
    const followed = await buildCase(app);
    app.clock.advance(60_000);
    const follow = await app.request('POST', `/api/v1/cases/${followed.caseId}/follow`, { token: citizen.token });
    await step(registered.caseId, 'accept', 'case.accepted');
    await step(registered.caseId, 'register', 'case.registered');
    await step(rejected.caseId, 'reject', 'case.rejected', { reason: '不属于城管受理范围' });
    await step(followed.caseId, 'accept', 'case.accepted');

    const summary = await summaryOf(citizen);
    expect(summary.counts).toEqual({ submitted: 4, registered: 1, closed: 0 });
    expect(summary.latest.map((entry: { reportId: number; publicStatus: string; publicStatusText: string }) => [entry.reportId, entry.publicStatus, entry.publicStatusText])).toEqual([
      [follow.body.report.id, 'pending_registration', '待立案'],
      [rejected.reportId, 'rejected', '不予立案'],
      [registered.reportId, 'in_progress', '处置中'],
      [waiting.reportId, 'pending_acceptance', '待受理'],
    ]);
    expect(summary.latest[0]).toEqual({ reportId: follow.body.report.id, caseId: followed.caseId, publicStatus: 'pending_registration', publicStatusText: '待立案', at: app.clock.now().toISOString() });
    // Another citizen's reports are not counted.
    expect((await summaryOf(followed.citizen)).counts.submitted).toBe(1);
  });

  it('counts a 结案 report as 立案 too, and shows at most 5 of the latest', async () => {
    const citizen = await buildCitizen(app);
    for (let i = 0; i < 5; i++) await buildCase(app, { citizen });
    await closeThroughWorkflow(app, (await buildCase(app, { citizen })).caseId);
    const summary = await summaryOf(citizen);
    expect(summary.counts).toEqual({ submitted: 6, registered: 1, closed: 1 });
    expect(summary.latest).toHaveLength(5);
  });

  it('is for citizens only', async () => {
    expect((await app.request('GET', '/api/v1/reports/summary')).status).toBe(401);
    expect((await app.request('GET', '/api/v1/reports/summary', { token: staff })).status).toBe(403);
  });
});
