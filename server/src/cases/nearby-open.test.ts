import sharp from 'sharp';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildStaff, nextSpot, uploadPhoto, type TestCitizen } from '../test-support/factories.js';
import { actOk, buildCase, GARBAGE } from '../test-support/case-factories.js';
import { buildExifJpeg } from '../photos/test-images.js';
import { wgs84ToGcj02 } from '../grids/coordinates.js';

/** 道路不洁: another 事件 category, to show the search keeps to the chosen one. */
const DIRTY_ROAD = 'E0104';

let app: TestApp;
let dispatcher: string;
beforeAll(async () => {
  app = await startTestApp();
  dispatcher = (await buildStaff(app, { roles: ['dispatcher', 'reviewer'] })).token;
});
afterAll(() => app.close());

type Spot = { lat: number; lng: number };

function north(spot: Spot, meters: number): Spot {
  return { lat: spot.lat + meters / 111_195, lng: spot.lng };
}

function nearbyOpen(citizen: TestCitizen | null, query: Record<string, string | number>) {
  const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
  return app.request('GET', `/api/v1/cases/nearby-open?${search}`, citizen ? { token: citizen.token } : {});
}

async function idsNear(citizen: TestCitizen, spot: Spot, categoryCode = GARBAGE): Promise<number[]> {
  const response = await nearbyOpen(citizen, { categoryCode, ...spot });
  expect(response.status).toBe(200);
  return response.body.cases.map((found: { id: number }) => found.id);
}

describe('GET /api/v1/cases/nearby-open', () => {
  it('lists open cases of the category within 100 m, nearest first, with their public status', async () => {
    const spot = await nextSpot(app);
    const here = await buildCase(app, { spot });
    const near = await buildCase(app, { spot: north(spot, 70) });
    expect(near.caseId).not.toBe(here.caseId);
    const pin = north(spot, 45);
    const response = await nearbyOpen(await buildCitizen(app), { categoryCode: GARBAGE, ...pin, coordSystem: 'wgs84' });
    expect(response.status).toBe(200);
    expect(response.body.cases).toEqual([
      {
        id: near.caseId,
        categoryCode: GARBAGE,
        categoryName: '暴露垃圾',
        publicStatus: 'pending_acceptance',
        publicStatusText: '待受理',
        distanceM: 25,
        openedAt: expect.any(String),
        supporterCount: 1,
        thumbUrl: expect.stringMatching(/^\/api\/v1\/photos\/[0-9a-f-]+\/thumb\?exp=\d+&sig=/),
        followedByMe: false,
        reportedByMe: false,
      },
      expect.objectContaining({ id: here.caseId, distanceM: 45 }),
    ]);
  });

  it('leaves out other categories, cases beyond the radius and finished cases', async () => {
    const spot = await nextSpot(app);
    const open = await buildCase(app, { spot });
    await buildCase(app, { spot: north(spot, 120) });
    await buildCase(app, { spot: north(spot, -60), categoryCode: DIRTY_ROAD });
    const rejected = await buildCase(app, { spot: north(spot, 55) });
    await actOk(app, dispatcher, rejected.caseId, 'reject', { reason: '不属于城管受理范围' });
    const voided = await buildCase(app, { spot: north(spot, -55) });
    await actOk(app, dispatcher, voided.caseId, 'void', { reason: '重复举报' });
    const citizen = await buildCitizen(app);
    expect(await idsNear(citizen, spot)).toEqual([open.caseId]);
    expect(await idsNear(citizen, spot, DIRTY_ROAD)).toHaveLength(1);
  });

  it('takes a GCJ-02 pin (as chooseLocation gives it)', async () => {
    const spot = await nextSpot(app);
    const { caseId } = await buildCase(app, { spot });
    const pin = wgs84ToGcj02(spot.lat, spot.lng);
    const response = await nearbyOpen(await buildCitizen(app), { categoryCode: GARBAGE, ...pin, coordSystem: 'gcj02' });
    expect(response.body.cases.map((found: { id: number; distanceM: number }) => [found.id, found.distanceM])).toEqual([[caseId, 0]]);
  });

  it('shows at most 10, of any age', async () => {
    const spot = await nextSpot(app);
    const caseIds = new Set<number>();
    for (let i = 0; i < 11; i++) {
      // Past the dedup window, a report of the same spot founds a new case.
      app.clock.advance(25 * 3600_000);
      caseIds.add((await buildCase(app, { spot })).caseId);
    }
    expect(caseIds.size).toBe(11);
    const shown = await idsNear(await buildCitizen(app), spot);
    expect(shown).toHaveLength(10);
    expect(new Set(shown).size).toBe(10);
  });

  it("says which cases the citizen already reported or followed", async () => {
    const spot = await nextSpot(app);
    const reported = await buildCase(app, { spot });
    const followed = await buildCase(app, { spot: north(spot, 60) });
    const follower = await buildCitizen(app);
    expect((await app.request('POST', `/api/v1/cases/${followed.caseId}/follow`, { token: follower.token })).status).toBe(201);
    const flags = async (citizen: TestCitizen) =>
      (await nearbyOpen(citizen, { categoryCode: GARBAGE, ...spot })).body.cases.map(
        (found: { id: number; reportedByMe: boolean; followedByMe: boolean; supporterCount: number }) => [found.id, found.reportedByMe, found.followedByMe, found.supporterCount],
      );
    expect(await flags(reported.citizen)).toEqual([[reported.caseId, true, false, 1], [followed.caseId, false, false, 2]]);
    expect(await flags(follower)).toEqual([[reported.caseId, false, false, 1], [followed.caseId, false, true, 2]]);
  });

  it('leaks no personal data: no reporter, description, address, exact point or EXIF', async () => {
    const spot = await nextSpot(app);
    const reporter = await buildCitizen(app, `隐私-${Date.now()}`);
    const jpeg = await buildExifJpeg({ gps: { latitude: '22/1 43/1 1234/100', latitudeRef: 'N', longitude: '114/1 14/1 3000/100', longitudeRef: 'E' } });
    const photo = await uploadPhoto(app, reporter, jpeg);
    const submitted = await app.request('POST', '/api/v1/reports', {
      token: reporter.token,
      headers: { 'Idempotency-Key': `privacy-${Date.now()}` },
      body: { categoryCode: GARBAGE, ...spot, description: '我家楼下，电话13812345678', address: '龙城街道某小区3栋', photoIds: [photo.body.photo.id] },
    });
    expect(submitted.status).toBe(201);
    const response = await nearbyOpen(await buildCitizen(app), { categoryCode: GARBAGE, ...spot });
    const [found] = response.body.cases;
    expect(Object.keys(found).sort()).toEqual(
      ['categoryCode', 'categoryName', 'distanceM', 'followedByMe', 'id', 'openedAt', 'publicStatus', 'publicStatusText', 'reportedByMe', 'supporterCount', 'thumbUrl'],
    );
    const text = JSON.stringify(response.body);
    for (const secret of ['13812345678', '楼下', '3栋', reporter.name, String(spot.lat), photo.body.photo.id + '/display']) {
      expect(text).not.toContain(secret);
    }
    // The reporter's id as a value, not as a substring: a case id or count may share its digits.
    expect(Object.entries(found).filter(([key, value]) => key !== 'id' && value === reporter.id)).toEqual([]);
    const thumb = await fetch(app.url + found.thumbUrl);
    expect(thumb.status).toBe(200);
    const metadata = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.width).toBeLessThanOrEqual(400);
  });

  describe('refuses, changing nothing', () => {
    it('callers who are not citizens', async () => {
      const staff = await buildStaff(app, { roles: ['reviewer'] });
      expect((await nearbyOpen(null, { categoryCode: GARBAGE, lat: 22.72, lng: 114.24 })).status).toBe(401);
      const asStaff = await app.request('GET', `/api/v1/cases/nearby-open?categoryCode=${GARBAGE}&lat=22.72&lng=114.24`, { token: staff.token });
      expect([asStaff.status, asStaff.body.error.code]).toEqual([403, 'auth.citizens_only']);
    });

    it('bad queries with 400 naming the field, an unknown category with 422', async () => {
      const citizen = await buildCitizen(app);
      for (const [query, field] of [
        [{ lat: 22.72, lng: 114.24 }, 'categoryCode'],
        [{ categoryCode: 'garbage', lat: 22.72, lng: 114.24 }, 'categoryCode'],
        [{ categoryCode: GARBAGE, lng: 114.24 }, 'lat'],
        [{ categoryCode: GARBAGE, lat: 91, lng: 114.24 }, 'lat'],
        [{ categoryCode: GARBAGE, lat: 22.72, lng: 'east' }, 'lng'],
        [{ categoryCode: GARBAGE, lat: 22.72, lng: 114.24, coordSystem: 'bd09' }, 'coordSystem'],
      ] as const) {
        const response = await nearbyOpen(citizen, query);
        expect([response.status, response.body.error.fields?.[0]?.field]).toEqual([400, field]);
      }
      const unknown = await nearbyOpen(citizen, { categoryCode: 'E9999', lat: 22.72, lng: 114.24 });
      expect([unknown.status, unknown.body.error.code]).toEqual([422, 'report.unknown_category']);
    });
  });
});
