import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildStaff, type TestCitizen } from '../test-support/factories.js';
import { actOk, buildCase, readCase, submitReportAt } from '../test-support/case-factories.js';
import { caseEvents, deliverCaseEvents } from '../test-support/reward-factories.js';
import { CitizenProgressProcessor } from '../feedback/citizen-progress-processor.js';
import { RewardProcessor } from '../rewards/reward-processor.js';

let app: TestApp;
let staff: string;
beforeAll(async () => {
  app = await startTestApp();
  staff = (await buildStaff(app, { roles: ['reviewer', 'dispatcher'] })).token;
});
afterAll(() => app.close());

function follow(citizen: TestCitizen, caseId: number | string) {
  return app.request('POST', `/api/v1/cases/${caseId}/follow`, { token: citizen.token });
}

/** The case's reporter count, its counted reporters and its reports, straight from the tables. */
async function countsOf(caseId: number) {
  const { reporterCount } = await app.services.db.selectFrom('cases').select('reporterCount').where('id', '=', caseId).executeTakeFirstOrThrow();
  const reporters = await app.services.db.selectFrom('caseReporters').select('citizenId').where('caseId', '=', caseId).execute();
  const reports = await app.services.db.selectFrom('reports').select(['citizenId', 'kind', 'isPrimary']).where('caseId', '=', caseId).orderBy('id').execute();
  return { reporterCount, reporters: reporters.length, reports };
}

describe('POST /api/v1/cases/:id/follow', () => {
  it('adds a linked report of kind follow that lists in 我的上报 and counts the follower once', async () => {
    const reported = await buildCase(app);
    const follower = await buildCitizen(app);
    const response = await follow(follower, reported.caseId);
    expect(response.status).toBe(201);
    expect(response.body.report).toMatchObject({
      caseId: reported.caseId,
      kind: 'follow',
      isPrimary: false,
      status: 'pending_acceptance',
      photos: [],
      description: '',
      lat: reported.spot.lat,
      lng: reported.spot.lng,
      coordSystem: 'wgs84',
      rating: null,
      canRate: false,
    });
    const mine = await app.request('GET', '/api/v1/reports/mine', { token: follower.token });
    expect(mine.body.reports.map((report: { id: number; kind: string }) => [report.id, report.kind])).toEqual([[response.body.report.id, 'follow']]);
    expect(await countsOf(reported.caseId)).toEqual({
      reporterCount: 2,
      reporters: 2,
      reports: [
        { citizenId: reported.citizen.id, kind: 'report', isPrimary: true },
        { citizenId: follower.id, kind: 'follow', isPrimary: false },
      ],
    });
    const [received] = (await caseEvents(app, reported.caseId, 'report.received')).slice(-1);
    expect(received.payload).toMatchObject({ reportId: response.body.report.id, citizenId: follower.id, isPrimary: false, kind: 'follow' });
    expect((await readCase(app, staff, reported.caseId)).reporterCount).toBe(2);
  });

  it('answers 200 with the existing report when the citizen already followed or reported, writing nothing', async () => {
    const reported = await buildCase(app);
    const follower = await buildCitizen(app);
    const first = await follow(follower, reported.caseId);
    const outboxBefore = (await caseEvents(app, reported.caseId, 'report.received')).length;
    const again = await follow(follower, reported.caseId);
    expect([again.status, again.body.report.id]).toEqual([200, first.body.report.id]);
    const own = await follow(reported.citizen, reported.caseId);
    expect([own.status, own.body.report.id, own.body.report.kind]).toEqual([200, reported.reportId, 'report']);
    expect((await countsOf(reported.caseId)).reporterCount).toBe(2);
    expect((await caseEvents(app, reported.caseId, 'report.received')).length).toBe(outboxBefore);
  });

  it('counts a citizen once when their follows and a report of the same spot race', async () => {
    const reported = await buildCase(app);
    const citizen = await buildCitizen(app);
    const answers = await Promise.all([
      follow(citizen, reported.caseId),
      submitReportAt(app, citizen, reported.spot),
      follow(citizen, reported.caseId),
      follow(citizen, reported.caseId),
    ]);
    const follows = [answers[0], answers[2], answers[3]];
    expect(follows.every((answer) => answer.status === 200 || answer.status === 201)).toBe(true);
    expect(follows.filter((answer) => answer.status === 201).length).toBeLessThanOrEqual(1);
    const counts = await countsOf(reported.caseId);
    expect([counts.reporterCount, counts.reporters]).toEqual([2, 2]);
    expect(counts.reports.filter((report) => report.kind === 'follow').length).toBeLessThanOrEqual(1);
    expect(new Set(follows.map((answer) => answer.body.report.id)).size).toBe(1);
  });

  it('gives the follower the case progress like any linked reporter', async () => {
    const reported = await buildCase(app);
    const follower = await buildCitizen(app);
    const { body } = await follow(follower, reported.caseId);
    await actOk(app, staff, reported.caseId, 'accept');
    await deliverCaseEvents(app, new CitizenProgressProcessor(app.services.db), reported.caseId, 'case.accepted');
    const detail = await app.request('GET', `/api/v1/reports/${body.report.id}`, { token: follower.token });
    expect(detail.body.report.case).toMatchObject({ status: 'pending_registration', timeline: [{ stage: 'accepted', label: '已受理' }] });
  });

  it('is never primary, not even when a split takes every real report away, and is never paid', async () => {
    const reported = await buildCase(app);
    const follower = await buildCitizen(app);
    await follow(follower, reported.caseId);
    await actOk(app, staff, reported.caseId, 'split', { reportIds: [reported.reportId] });
    const left = await countsOf(reported.caseId);
    expect(left.reports).toEqual([{ citizenId: follower.id, kind: 'follow', isPrimary: false }]);
    await actOk(app, staff, reported.caseId, 'accept');
    await actOk(app, staff, reported.caseId, 'register');
    expect(await deliverCaseEvents(app, new RewardProcessor(app.services.db, app.clock), reported.caseId, 'case.registered')).toBe(1);
    const ledger = await app.services.db.selectFrom('rewardLedger').select('id').where('citizenId', '=', follower.id).execute();
    expect(ledger).toEqual([]);
  });

  describe('refuses, changing nothing', () => {
    it('a finished case with 409 case.not_open', async () => {
      for (const [action, fields] of [['reject', { reason: '不属于受理范围' }], ['void', { reason: '重复举报' }]] as const) {
        const reported = await buildCase(app);
        await actOk(app, staff, reported.caseId, action, fields);
        const response = await follow(await buildCitizen(app), reported.caseId);
        expect([response.status, response.body.error.code]).toEqual([409, 'case.not_open']);
        expect((await countsOf(reported.caseId)).reports).toHaveLength(1);
      }
    });

    it('an unknown case with 404, a malformed id with 400, callers who are not citizens with 401/403', async () => {
      const citizen = await buildCitizen(app);
      const before = await sql<{ n: number }>`select count(*)::int as n from reports`.execute(app.services.db);
      const unknown = await follow(citizen, 999_999_999);
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'case.not_found']);
      expect((await follow(citizen, 'abc')).status).toBe(400);
      const { caseId } = await buildCase(app);
      expect((await app.request('POST', `/api/v1/cases/${caseId}/follow`)).status).toBe(401);
      const asStaff = await app.request('POST', `/api/v1/cases/${caseId}/follow`, { token: staff });
      expect([asStaff.status, asStaff.body.error.code]).toEqual([403, 'auth.citizens_only']);
      const after = await sql<{ n: number }>`select count(*)::int as n from reports`.execute(app.services.db);
      expect(after.rows[0].n).toBe(before.rows[0].n + 1);
    });
  });
});
