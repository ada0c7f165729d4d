import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildPhoto, nextSpot, type TestCitizen } from '../test-support/factories.js';
import { wgs84ToGcj02 } from '../grids/coordinates.js';

const GARBAGE = 'E0102'; // 暴露垃圾

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

async function report(citizen: TestCitizen, body: Record<string, unknown>, key: string | null = randomUUID()) {
  return app.request('POST', '/api/v1/reports', {
    token: citizen.token,
    body,
    headers: key ? { 'Idempotency-Key': key } : {},
  });
}

async function validBody(citizen: TestCitizen, spot: { lat: number; lng: number }, overrides: Record<string, unknown> = {}) {
  return { categoryCode: GARBAGE, ...spot, description: '路边有一堆垃圾', photoIds: [await buildPhoto(app, citizen)], ...overrides };
}

async function countRows(table: 'reports' | 'cases' | 'outbox') {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(app.services.db);
  return rows[0].n;
}

describe('POST /api/v1/reports', () => {
  it('founds a 待受理 case for the first report of a problem', async () => {
    const citizen = await buildCitizen(app);
    const response = await report(citizen, await validBody(citizen, await nextSpot(app), { address: '龙城大道 88 号' }));
    expect(response.status).toBe(201);
    expect(response.body.report).toMatchObject({
      isPrimary: true,
      status: 'pending_acceptance',
      categoryCode: GARBAGE,
      coordSystem: 'wgs84',
      address: '龙城大道 88 号',
    });
    expect(response.body.report.gridCode).toMatch(/^440307\d{8}$/);
    expect(response.body.report.photos).toHaveLength(1);
  });

  it('requires an Idempotency-Key', async () => {
    const citizen = await buildCitizen(app);
    const response = await report(citizen, await validBody(citizen, await nextSpot(app)), null);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('report.idempotency_key_required');
  });

  it('returns the same report for the same key and body, and writes nothing more', async () => {
    const citizen = await buildCitizen(app);
    const body = await validBody(citizen, await nextSpot(app));
    const key = randomUUID();
    const first = await report(citizen, body, key);
    expect(first.body.report.idempotencyKey).toBe(key);
    const [reports, cases, events] = [await countRows('reports'), await countRows('cases'), await countRows('outbox')];
    const again = await report(citizen, body, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.report).toEqual(first.body.report);
    expect([await countRows('reports'), await countRows('cases'), await countRows('outbox')]).toEqual([reports, cases, events]);
  });

  it('gives one report when retries with one key race each other', async () => {
    const citizen = await buildCitizen(app);
    const body = await validBody(citizen, await nextSpot(app));
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 6 }, () => report(citizen, body, key)));
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(responses.map((r) => r.body.report.id)).size).toBe(1);
  });

  it('answers each of several reports sent together on its own', async () => {
    const [a, b] = [await buildCitizen(app), await buildCitizen(app)];
    const own = await validBody(a, await nextSpot(app));
    const theirs = await validBody(b, await nextSpot(app));
    const borrowed = { ...(await validBody(a, await nextSpot(app))), photoIds: theirs.photoIds };
    const responses = await Promise.all([report(a, own, randomUUID()), report(a, borrowed, randomUUID()), report(b, theirs, randomUUID())]);
    expect(responses.map((r) => r.status)).toEqual([201, 422, 201]);
    expect(responses[1].body.error.code).toBe('report.photo_unavailable');
    for (const [citizen, response] of [[a, responses[0]], [b, responses[2]]] as const) {
      const mine = await app.request('GET', '/api/v1/reports/mine', { token: citizen.token });
      expect(mine.body.reports.map((r: { id: number }) => r.id)).toEqual([response.body.report.id]);
    }
  });

  it('refuses the same key with a different body', async () => {
    const citizen = await buildCitizen(app);
    const body = await validBody(citizen, await nextSpot(app));
    const key = randomUUID();
    await report(citizen, body, key);
    const response = await report(citizen, { ...body, description: '另一件事' }, key);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('report.idempotency_key_reused');
  });

  it('lets two citizens use the same key independently', async () => {
    const [a, b] = [await buildCitizen(app), await buildCitizen(app)];
    const key = randomUUID();
    const first = await report(a, await validBody(a, await nextSpot(app)), key);
    const second = await report(b, await validBody(b, await nextSpot(app)), key);
    expect(second.status).toBe(201);
    expect(second.body.report.id).not.toBe(first.body.report.id);
  });

  it('converts gcj02 to WGS-84 and records the system the client sent', async () => {
    const citizen = await buildCitizen(app);
    const spot = await nextSpot(app);
    const gcj = wgs84ToGcj02(spot.lat, spot.lng);
    const response = await report(citizen, await validBody(citizen, spot, { lat: gcj.lat, lng: gcj.lng, coordSystem: 'gcj02' }));
    expect(response.status).toBe(201);
    expect(response.body.report.coordSystem).toBe('gcj02');
    expect(response.body.report.lat).toBeCloseTo(spot.lat, 6);
    expect(response.body.report.lng).toBeCloseTo(spot.lng, 6);
  });

  describe('bad input changes nothing', () => {
    let citizen: TestCitizen;
    beforeAll(async () => {
      citizen = await buildCitizen(app);
    });

    async function expectRefused(body: unknown, status: number, code: string, field?: string, headers: Record<string, string> = {}) {
      const before = [await countRows('reports'), await countRows('cases')];
      const response = await app.request('POST', '/api/v1/reports', {
        token: citizen.token,
        body,
        headers: { 'Idempotency-Key': randomUUID(), ...headers },
      });
      expect(response.status).toBe(status);
      expect(response.body.error.code).toBe(code);
      if (field) expect(response.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect([await countRows('reports'), await countRows('cases')]).toEqual(before);
    }

    it('unknown category', async () => {
      await expectRefused(await validBody(citizen, await nextSpot(app), { categoryCode: 'E9999' }), 422, 'report.unknown_category', 'categoryCode');
    });
    it('malformed category code', async () => {
      await expectRefused(await validBody(citizen, await nextSpot(app), { categoryCode: '0102' }), 400, 'request.invalid', 'categoryCode');
    });
    it('a point outside the service area', async () => {
      await expectRefused(await validBody(citizen, { lat: 39.9, lng: 116.4 }), 422, 'report.outside_service_area');
    });
    it('impossible coordinates and wrong types', async () => {
      await expectRefused(await validBody(citizen, { lat: 91, lng: 114.24 }), 400, 'request.invalid', 'lat');
      await expectRefused(await validBody(citizen, await nextSpot(app), { lng: 'east' }), 400, 'request.invalid', 'lng');
      await expectRefused(await validBody(citizen, await nextSpot(app), { coordSystem: 'bd09' }), 400, 'request.invalid', 'coordSystem');
    });
    it('a description over 500 characters', async () => {
      await expectRefused(await validBody(citizen, await nextSpot(app), { description: '脏'.repeat(501) }), 400, 'request.invalid', 'description');
    });
    it('extra fields', async () => {
      await expectRefused(await validBody(citizen, await nextSpot(app), { isPrimary: true }), 400, 'request.invalid', 'isPrimary');
    });
    it('no photos, too many photos, duplicate or malformed photo ids', async () => {
      const spot = await nextSpot(app);
      await expectRefused(await validBody(citizen, spot, { photoIds: [] }), 400, 'request.invalid', 'photoIds');
      await expectRefused(await validBody(citizen, spot, { photoIds: Array.from({ length: 10 }, () => randomUUID()) }), 400, 'request.invalid', 'photoIds');
      const id = randomUUID();
      await expectRefused(await validBody(citizen, spot, { photoIds: [id, id] }), 400, 'request.invalid', 'photoIds.1');
      await expectRefused(await validBody(citizen, spot, { photoIds: ['not-a-uuid'] }), 400, 'request.invalid', 'photoIds.0');
    });
    it("someone else's photo, or an unknown one", async () => {
      const stranger = await buildCitizen(app);
      const theirs = await buildPhoto(app, stranger);
      await expectRefused(await validBody(citizen, await nextSpot(app), { photoIds: [theirs] }), 422, 'report.photo_unavailable', 'photoIds');
      await expectRefused(await validBody(citizen, await nextSpot(app), { photoIds: [randomUUID()] }), 422, 'report.photo_unavailable', 'photoIds');
    });
    it('a photo already used in another report', async () => {
      const body = await validBody(citizen, await nextSpot(app));
      expect((await report(citizen, body)).status).toBe(201);
      await expectRefused({ ...body, description: '同一张照片' }, 422, 'report.photo_unavailable', 'photoIds');
    });
    it('a malformed Idempotency-Key', async () => {
      await expectRefused(await validBody(citizen, await nextSpot(app)), 400, 'request.invalid', 'idempotency-key', { 'Idempotency-Key': 'a b' });
    });
    it('malformed JSON, non-UTF-8 bytes, a huge body, the wrong media type', async () => {
      const send = (rawBody: BodyInit, contentType = 'application/json') =>
        app.request('POST', '/api/v1/reports', {
          token: citizen.token,
          rawBody,
          headers: { 'Idempotency-Key': randomUUID(), 'content-type': contentType },
        });
      const before = await countRows('reports');
      expect((await send('{"categoryCode":')).body.error.code).toBe('request.invalid_json');
      expect((await send(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]))).body.error.code).toBe('request.invalid_encoding');
      const huge = await send(JSON.stringify({ description: 'x'.repeat(200_000) }));
      expect(huge.status).toBe(413);
      expect(huge.body.error.code).toBe('request.too_large');
      expect((await send('categoryCode=E0102', 'application/x-www-form-urlencoded')).status).toBe(415);
      expect(await countRows('reports')).toBe(before);
    });
    it('no token', async () => {
      const response = await app.request('POST', '/api/v1/reports', { body: {}, headers: { 'Idempotency-Key': randomUUID() } });
      expect(response.status).toBe(401);
    });
  });
});

describe('reading reports', () => {
  it('lists my reports newest first, page by page', async () => {
    const citizen = await buildCitizen(app);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await report(citizen, await validBody(citizen, await nextSpot(app)))).body.report.id);
    const page1 = await app.request('GET', '/api/v1/reports/mine?limit=2', { token: citizen.token });
    expect(page1.body.reports.map((r: { id: number }) => r.id)).toEqual([ids[2], ids[1]]);
    const page2 = await app.request('GET', `/api/v1/reports/mine?limit=2&before=${page1.body.nextBefore}`, { token: citizen.token });
    expect(page2.body.reports.map((r: { id: number }) => r.id)).toEqual([ids[0]]);
    expect(page2.body.nextBefore).toBeNull();
  });

  it("shows a report to its reporter only; anyone else gets 404", async () => {
    const [owner, other] = [await buildCitizen(app), await buildCitizen(app)];
    const { id } = (await report(owner, await validBody(owner, await nextSpot(app)))).body.report;
    expect((await app.request('GET', `/api/v1/reports/${id}`, { token: owner.token })).status).toBe(200);
    const foreign = await app.request('GET', `/api/v1/reports/${id}`, { token: other.token });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('report.not_found');
    expect((await app.request('GET', '/api/v1/reports/999999999', { token: owner.token })).status).toBe(404);
    expect((await app.request('GET', '/api/v1/reports/abc', { token: owner.token })).status).toBe(400);
  });
});
