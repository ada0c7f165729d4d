import { sql } from 'kysely';
import type { CaseRating } from '../db/schema.js';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildStaff, type TestCitizen } from '../test-support/factories.js';
import { buildCase, closeThroughWorkflow, type TestCase } from '../test-support/case-factories.js';
import { rateCase } from './rate-case.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

function rate(citizen: TestCitizen, reportId: number | string, body: unknown) {
  return app.request('POST', `/api/v1/reports/${reportId}/rating`, { token: citizen.token, body });
}

async function readReport(citizen: TestCitizen, reportId: number) {
  const response = await app.request('GET', `/api/v1/reports/${reportId}`, { token: citizen.token });
  expect(response.status).toBe(200);
  return response.body.report;
}

async function ratingsOf(caseId: number) {
  return app.services.db.selectFrom('caseRatings').select(['citizenId', 'reportId', 'channel', 'rating', 'comment']).where('caseId', '=', caseId).orderBy('id').execute();
}

async function closedCase(): Promise<TestCase> {
  const built = await buildCase(app);
  await closeThroughWorkflow(app, built.caseId);
  return built;
}

describe('POST /api/v1/reports/:id/rating', () => {
  it('takes the reporter rating once the case is closed, and shows it on the report', async () => {
    const closed = await closedCase();
    expect(await readReport(closed.citizen, closed.reportId)).toMatchObject({ status: 'closed', rating: null, canRate: true });
    const response = await rate(closed.citizen, closed.reportId, { rating: 'basically_satisfied', comment: '  处理及时，但现场还有一点残留  ' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ rating: { rating: 'basically_satisfied', comment: '处理及时，但现场还有一点残留', ratedAt: app.clock.now().toISOString() } });
    expect(await readReport(closed.citizen, closed.reportId)).toMatchObject({ rating: response.body.rating, canRate: false });
    const mine = await app.request('GET', '/api/v1/reports/mine', { token: closed.citizen.token });
    expect(mine.body.reports[0]).toMatchObject({ rating: response.body.rating, canRate: false });
    expect(await ratingsOf(closed.caseId)).toEqual([
      { citizenId: closed.citizen.id, reportId: closed.reportId, channel: 'miniapp', rating: 'basically_satisfied', comment: '处理及时，但现场还有一点残留' },
    ]);
  });

  it('takes a rating without a comment', async () => {
    const closed = await closedCase();
    const response = await rate(closed.citizen, closed.reportId, { rating: 'dissatisfied' });
    expect([response.status, response.body.rating.comment]).toEqual([201, null]);
  });

  it('rates once per citizen and case: a second rating, even racing the first, is 409 rating.already_given', async () => {
    const closed = await closedCase();
    const answers = await Promise.all([
      rate(closed.citizen, closed.reportId, { rating: 'satisfied' }),
      rate(closed.citizen, closed.reportId, { rating: 'dissatisfied' }),
      rate(closed.citizen, closed.reportId, { rating: 'basically_satisfied' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
    for (const refused of answers.filter((answer) => answer.status === 409)) expect(refused.body.error.code).toBe('rating.already_given');
    const given = answers.find((answer) => answer.status === 201)!.body.rating.rating;
    expect((await ratingsOf(closed.caseId)).map((row) => row.rating)).toEqual([given]);
  });

  it('lets a follower rate the case too, on their own', async () => {
    const built = await buildCase(app);
    const follower = await buildCitizen(app);
    const followed = await app.request('POST', `/api/v1/cases/${built.caseId}/follow`, { token: follower.token });
    await closeThroughWorkflow(app, built.caseId);
    expect((await rate(follower, followed.body.report.id, { rating: 'satisfied' })).status).toBe(201);
    expect(await readReport(built.citizen, built.reportId)).toMatchObject({ rating: null, canRate: true });
    expect((await ratingsOf(built.caseId)).map((row) => row.citizenId)).toEqual([follower.id]);
  });

  it('counts a hotline callback rating as the citizen rating (rateCase is once per citizen and case)', async () => {
    const closed = await closedCase();
    const input = { caseId: closed.caseId, citizenId: closed.citizen.id, reportId: null, channel: 'hotline_callback' as const, comment: null, at: app.clock.now() };
    const rateInTransaction = (rating: CaseRating) => app.services.db.transaction().execute((trx) => rateCase(trx, app.clock, { ...input, rating }));
    expect(await rateInTransaction('satisfied')).toEqual({ created: true });
    expect(await rateInTransaction('dissatisfied')).toEqual({ created: false });
    // Whichever channel rated, the confirmation is one event.
    const events = await app.services.db.selectFrom('outbox').select('payload').where('topic', '=', 'case.rated').where(sql<boolean>`payload->>'caseId' = ${String(closed.caseId)}`).execute();
    expect(events.map((event) => event.payload)).toEqual([expect.objectContaining({ citizenId: closed.citizen.id, reportId: null, rating: 'satisfied' })]);
    expect(await readReport(closed.citizen, closed.reportId)).toMatchObject({ rating: { rating: 'satisfied', comment: null }, canRate: false });
    const response = await rate(closed.citizen, closed.reportId, { rating: 'dissatisfied' });
    expect([response.status, response.body.error.code]).toEqual([409, 'rating.already_given']);
    expect((await ratingsOf(closed.caseId)).map((row) => [row.channel, row.rating])).toEqual([['hotline_callback', 'satisfied']]);
  });

  describe('refuses, changing nothing', () => {
    it('a case not yet closed with 409 rating.case_not_closed', async () => {
      const open = await buildCase(app);
      expect(await readReport(open.citizen, open.reportId)).toMatchObject({ rating: null, canRate: false });
      const response = await rate(open.citizen, open.reportId, { rating: 'satisfied' });
      expect([response.status, response.body.error.code]).toEqual([409, 'rating.case_not_closed']);
      expect(await ratingsOf(open.caseId)).toEqual([]);
    });

    it("someone else's or an unknown report with 404, non-citizens with 401/403", async () => {
      const closed = await closedCase();
      const stranger = await rate(await buildCitizen(app), closed.reportId, { rating: 'satisfied' });
      expect([stranger.status, stranger.body.error.code]).toEqual([404, 'report.not_found']);
      expect((await rate(closed.citizen, 999_999_999, { rating: 'satisfied' })).status).toBe(404);
      expect((await app.request('POST', `/api/v1/reports/${closed.reportId}/rating`, { body: { rating: 'satisfied' } })).status).toBe(401);
      const staff = await buildStaff(app, { roles: ['verifier'] });
      const asStaff = await app.request('POST', `/api/v1/reports/${closed.reportId}/rating`, { token: staff.token, body: { rating: 'satisfied' } });
      expect([asStaff.status, asStaff.body.error.code]).toEqual([403, 'auth.citizens_only']);
      expect(await ratingsOf(closed.caseId)).toEqual([]);
    });

    it('bad bodies with 400 naming the field', async () => {
      const closed = await closedCase();
      for (const [body, field] of [
        [{}, 'rating'],
        [{ rating: 'great' }, 'rating'],
        [{ rating: 'satisfied', comment: '好'.repeat(201) }, 'comment'],
        [{ rating: 'satisfied', comment: 5 }, 'comment'],
        [{ rating: 'satisfied', stars: 5 }, 'stars'],
      ] as const) {
        const response = await rate(closed.citizen, closed.reportId, body);
        expect([response.status, response.body.error.fields?.[0]?.field]).toEqual([400, field]);
      }
      expect((await rate(closed.citizen, 'x', { rating: 'satisfied' })).status).toBe(400);
      expect(await ratingsOf(closed.caseId)).toEqual([]);
    });
  });
});
