import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, loginDemoStaff, nextSpot } from '../test-support/factories.js';
import { actOk, buildCase, type TestCase } from '../test-support/case-factories.js';
import { boxAround } from './nearby.js';
import { distanceMeters } from '../grids/coordinates.js';

let app: TestApp;
const tokens: Record<string, string> = {};

async function as(username: string): Promise<string> {
  tokens[username] ??= (await loginDemoStaff(app, username)).token;
  return tokens[username];
}

const METRES_PER_DEGREE = (6_371_008.8 * Math.PI) / 180;

/** A point `north` and `east` metres from another. */
function offset(from: { lat: number; lng: number }, north: number, east: number) {
  const lat = from.lat + north / METRES_PER_DEGREE;
  return { lat, lng: from.lng + east / (METRES_PER_DEGREE * Math.cos((from.lat * Math.PI) / 180)) };
}

interface NearbyCase {
  id: number;
  status: string;
  categoryCode: string;
  light: string;
  distanceM: number;
}

interface NearbyAnswer {
  radiusM: number;
  cases: NearbyCase[];
  error: { code: string; fields: { field: string }[] };
}

function nearby(caseId: number, token: string, query = '') {
  return app.request<NearbyAnswer>('GET', `/api/v1/cases/${caseId}/nearby${query}`, { token });
}

/**
 * Around a spot no other test uses (the next spots lie 250 m away, other tests' cases up to
 * about 65 m off theirs): the subject case and, at 30, 90 and 100 m, three open cases of other
 * categories or beyond the dedup radius, plus a rejected one at 60 m.
 */
let subject: TestCase;
let road: TestCase;
let garbageEast: TestCase;
let waterWest: TestCase;
let rejected: TestCase;

beforeAll(async () => {
  app = await startTestApp();
  const spot = await nextSpot(app);
  subject = await buildCase(app, { spot });
  road = await buildCase(app, { spot: offset(spot, 30, 0), categoryCode: 'E0104' });
  garbageEast = await buildCase(app, { spot: offset(spot, 0, 90) });
  waterWest = await buildCase(app, { spot: offset(spot, 0, -100), categoryCode: 'E0105' });
  rejected = await buildCase(app, { spot: offset(spot, -60, 0), categoryCode: 'E0103' });
  await actOk(app, await as('reviewer'), rejected.caseId, 'reject', { reason: '重复举报' });
});
afterAll(() => app.close());

describe('GET /api/v1/cases/:id/nearby', () => {
  it('lists the other unfinished cases within the radius, any category, nearest first with distances', async () => {
    const response = await nearby(subject.caseId, await as('reviewer'), '?radiusM=150');
    expect(response.status).toBe(200);
    expect(response.body.radiusM).toBe(150);
    expect(response.body.cases.map((item) => [item.id, item.distanceM])).toEqual([
      [road.caseId, 30],
      [garbageEast.caseId, 90],
      [waterWest.caseId, 100],
    ]);
    // Another test file's lights refresh, on its own clock, may have recoloured it: the list
    // shows the light the case has.
    const { light } = await app.services.db.selectFrom('cases').select('light').where('id', '=', road.caseId).executeTakeFirstOrThrow();
    expect(response.body.cases[0]).toEqual({
      id: road.caseId,
      status: 'pending_acceptance',
      statusLabel: '待受理',
      categoryCode: 'E0104',
      categoryName: '道路不洁',
      light,
      distanceM: 30,
      point: { ...road.spot, coordSystem: 'wgs84' },
      reporterCount: 1,
      openedAt: app.clock.now().toISOString(),
    });
  });

  it('looks 200 m around by default and narrows to the radius asked', async () => {
    const wide = await nearby(subject.caseId, await as('dispatcher'));
    expect(wide.body.radiusM).toBe(200);
    expect(wide.body.cases.slice(0, 3).map((item) => item.id)).toEqual([road.caseId, garbageEast.caseId, waterWest.caseId]);
    expect(wide.body.cases.every((item) => item.distanceM <= 200 && item.id !== subject.caseId && item.id !== rejected.caseId)).toBe(true);
    const narrow = await nearby(subject.caseId, await as('dispatcher'), '?radiusM=50');
    expect(narrow.body.cases.map((item) => item.id)).toEqual([road.caseId]);
  });

  it('shows a department handler only its own unit’s cases, and only around a case of its own', async () => {
    const unit = 'tx-dianxin';
    for (const { caseId } of [subject, garbageEast]) {
      await actOk(app, await as('reviewer'), caseId, 'accept');
      await actOk(app, await as('reviewer'), caseId, 'register');
      await actOk(app, await as('dispatcher'), caseId, 'dispatch', { departmentCode: unit });
    }
    const own = await nearby(subject.caseId, await as(`dept-${unit}`), '?radiusM=150');
    expect(own.body.cases.map((item) => [item.id, item.status])).toEqual([[garbageEast.caseId, 'dispatched']]);
    const other = await nearby(subject.caseId, await as('dept-cg-huanwei'));
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('case.not_found');
  });

  it('refuses a radius outside 1–1000 m or unknown parameters, naming them', async () => {
    const token = await as('reviewer');
    for (const query of ['?radiusM=1001', '?radiusM=0', '?radiusM=abc', '?radiusM=2.5']) {
      const response = await nearby(subject.caseId, token, query);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'request.invalid', fields: [{ field: 'radiusM' }] });
    }
    expect((await nearby(subject.caseId, token, '?radius=100')).status).toBe(400);
  });

  it('answers 404 for an unknown case and refuses citizens and strangers', async () => {
    expect((await nearby(999_999_999, await as('reviewer'))).status).toBe(404);
    expect((await nearby(subject.caseId, (await buildCitizen(app)).token)).status).toBe(403);
    expect((await app.request('GET', `/api/v1/cases/${subject.caseId}/nearby`)).status).toBe(401);
  });
});

describe('boxAround', () => {
  it('holds the whole circle, even at its widest, poleward of the centre', () => {
    const centre = { lat: 22.72, lng: 114.245 };
    const box = boxAround(centre, 1000);
    for (let bearing = 0; bearing < 360; bearing += 5) {
      const radians = (bearing * Math.PI) / 180;
      const edge = offset(centre, 1000 * Math.cos(radians), 1000 * Math.sin(radians));
      expect(distanceMeters(centre, edge)).toBeLessThanOrEqual(1000.5);
      expect(edge.lat).toBeGreaterThanOrEqual(box.south - 1e-9);
      expect(edge.lat).toBeLessThanOrEqual(box.north + 1e-9);
      expect(edge.lng).toBeGreaterThanOrEqual(box.west - 1e-9);
      expect(edge.lng).toBeLessThanOrEqual(box.east + 1e-9);
    }
  });
});
