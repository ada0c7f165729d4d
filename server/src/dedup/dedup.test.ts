import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildPhoto, nextSpot, type TestCitizen } from '../test-support/factories.js';

const GARBAGE = 'E0102'; // 暴露垃圾
const PAVEMENT = 'E0104'; // 道路不洁

let app: TestApp;
let garbage: { dedupRadiusM: number; dedupWindowH: number };

beforeAll(async () => {
  app = await startTestApp();
  const { body } = await app.request('GET', '/api/v1/categories');
  garbage = body.categories.find((category: { code: string }) => category.code === GARBAGE);
});
afterAll(() => app.close());

function north(spot: { lat: number; lng: number }, meters: number) {
  return { lat: spot.lat + meters / 111_195, lng: spot.lng };
}

async function report(citizen: TestCitizen, spot: { lat: number; lng: number }, categoryCode = GARBAGE) {
  const response = await app.request('POST', '/api/v1/reports', {
    token: citizen.token,
    headers: { 'Idempotency-Key': randomUUID() },
    body: { categoryCode, ...spot, description: '同一处问题', photoIds: [await buildPhoto(app, citizen)] },
  });
  expect(response.status).toBe(201);
  return response.body.report as { id: number; caseId: number; isPrimary: boolean };
}

async function caseRow(id: number) {
  return app.services.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('one problem, one case', () => {
  it('links a second citizen within the radius to the first case, not as primary', async () => {
    const spot = await nextSpot(app);
    const first = await report(await buildCitizen(app), spot);
    const second = await report(await buildCitizen(app), north(spot, garbage.dedupRadiusM * 0.8));
    expect(first.isPrimary).toBe(true);
    expect(second).toMatchObject({ caseId: first.caseId, isPrimary: false });
    expect((await caseRow(first.caseId)).reporterCount).toBe(2);
  });

  it('founds a new case beyond the radius, for another category, and after the window', async () => {
    const spot = await nextSpot(app);
    const first = await report(await buildCitizen(app), spot);
    const far = await report(await buildCitizen(app), north(spot, garbage.dedupRadiusM * 1.3));
    const otherCategory = await report(await buildCitizen(app), spot, PAVEMENT);
    expect(far.isPrimary).toBe(true);
    expect(far.caseId).not.toBe(first.caseId);
    expect(otherCategory.caseId).not.toBe(first.caseId);

    app.clock.advance((garbage.dedupWindowH + 1) * 3600_000);
    const late = await report(await buildCitizen(app), spot);
    expect(late.isPrimary).toBe(true);
    expect(late.caseId).not.toBe(first.caseId);
  });

  it('measures the window from the exact time of the case\'s latest report', async () => {
    // Both cases reported at five past an hour: the window ends ten minutes into an hour.
    const now = app.clock.now().getTime();
    app.clock.advance(3600_000 - (now % 3600_000) + 5 * 60_000);
    const [stays, expires] = [await nextSpot(app), await nextSpot(app)];
    const kept = await report(await buildCitizen(app), stays);
    const expired = await report(await buildCitizen(app), expires);
    const windowMs = garbage.dedupWindowH * 3600_000;
    app.clock.advance(windowMs - 10 * 60_000);
    expect(await report(await buildCitizen(app), stays)).toMatchObject({ caseId: kept.caseId, isPrimary: false });
    app.clock.advance(20 * 60_000);
    const late = await report(await buildCitizen(app), expires);
    expect(late.isPrimary).toBe(true);
    expect(late.caseId).not.toBe(expired.caseId);
  });

  it('counts a citizen who reports the same problem again once', async () => {
    const spot = await nextSpot(app);
    const citizen = await buildCitizen(app);
    const first = await report(citizen, spot);
    const again = await report(citizen, spot);
    expect(again).toMatchObject({ caseId: first.caseId, isPrimary: false });
    expect(again.id).not.toBe(first.id);
    expect((await caseRow(first.caseId)).reporterCount).toBe(1);
  });

  it('founds a new case once the old one is finished', async () => {
    const spot = await nextSpot(app);
    const first = await report(await buildCitizen(app), spot);
    await app.services.db.updateTable('cases').set({ status: 'closed' }).where('id', '=', first.caseId).execute();
    const next = await report(await buildCitizen(app), spot);
    expect(next.isPrimary).toBe(true);
    expect(next.caseId).not.toBe(first.caseId);
  });

  it('gives exactly one case and one primary when 20 citizens report a new spot at the same instant', async () => {
    const spot = await nextSpot(app);
    const citizens = await Promise.all(Array.from({ length: 20 }, () => buildCitizen(app)));
    const photos = await Promise.all(citizens.map((citizen) => buildPhoto(app, citizen)));
    const responses = await Promise.all(
      citizens.map((citizen, i) =>
        app.request('POST', '/api/v1/reports', {
          token: citizen.token,
          headers: { 'Idempotency-Key': randomUUID() },
          body: { categoryCode: GARBAGE, ...north(spot, (i % 5) * 5), description: '井喷上报', photoIds: [photos[i]] },
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const reports = responses.map((r) => r.body.report as { caseId: number; isPrimary: boolean });
    expect(new Set(reports.map((r) => r.caseId)).size).toBe(1);
    expect(reports.filter((r) => r.isPrimary)).toHaveLength(1);
    expect((await caseRow(reports[0].caseId)).reporterCount).toBe(20);
  });
});

describe('report.received', () => {
  it('is written with the report and, no processor handling it, marked relayed without a job', async () => {
    const citizen = await buildCitizen(app);
    const created = await report(citizen, await nextSpot(app));
    const event = await app.services.db
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'report.received')
      .where(sql<string>`payload->>'reportId'`, '=', String(created.id))
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ reportId: created.id, caseId: created.caseId, isPrimary: true, source: 'miniapp' });
    await app.services.relay.flush();
    expect(await app.services.bus.queue('events').getJob(`event-${event.id}`)).toBeUndefined();
    const relayed = await app.services.db.selectFrom('outbox').select('relayedAt').where('id', '=', event.id).executeTakeFirstOrThrow();
    expect(relayed.relayedAt).not.toBeNull();
  });
});
