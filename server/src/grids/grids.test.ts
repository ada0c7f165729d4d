import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { distanceMeters, wgs84ToGcj02 } from './coordinates.js';
import { buildDemoCity, DEMO_DISTRICT, seedDemoCity, SERVICE_AREA_BOUNDS } from './demo-city.js';
import { findGridAt, gridAtQuery } from './queries.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const { south, north, west, east } = SERVICE_AREA_BOUNDS;
const INSIDE = { lat: 22.7213, lng: 114.2468 };

function lookup(query: string) {
  return app.request('GET', `/api/v1/grids/lookup?${query}`);
}

describe('GET /api/v1/grids/lookup', () => {
  it('finds the 14-digit unit grid of a point, with its community, street and district', async () => {
    const response = await lookup(`lat=${INSIDE.lat}&lng=${INSIDE.lng}`);
    expect(response.status).toBe(200);
    const { gridCode, community, street, district } = response.body;
    expect(gridCode).toMatch(/^[0-9]{14}$/);
    expect(gridCode.slice(0, 12)).toBe(community.code);
    expect(gridCode.slice(0, 9)).toBe(street.code);
    expect(district).toEqual({ code: '440307', name: '龙岗区' });
    expect(community.name).toMatch(/社区$/);
    expect(street.name).toMatch(/街道$/);
    expect(response.body).toMatchObject({ scheme: 'cjt213-14', coordSystem: 'wgs84', point: INSIDE });
  });

  it('resolves a GCJ-02 point to the grid of its WGS-84 equivalent and answers in WGS-84', async () => {
    const wgs = await lookup(`lat=${INSIDE.lat}&lng=${INSIDE.lng}`);
    const gcj = wgs84ToGcj02(INSIDE.lat, INSIDE.lng);
    const response = await lookup(`lat=${gcj.lat}&lng=${gcj.lng}&coordSystem=gcj02`);
    expect(response.status).toBe(200);
    expect(response.body.gridCode).toBe(wgs.body.gridCode);
    expect(response.body.coordSystem).toBe('gcj02');
    expect(distanceMeters(response.body.point, INSIDE)).toBeLessThan(0.01);
    // Read as WGS-84, the same numbers lie ≈ 590 m away, in another grid.
    const misread = await lookup(`lat=${gcj.lat}&lng=${gcj.lng}`);
    expect(misread.body.gridCode).not.toBe(wgs.body.gridCode);
  });

  it('puts each quadrant of the box in its street', async () => {
    const quadrants = [
      { lat: 22.735, lng: 114.225, street: '龙城街道' },
      { lat: 22.735, lng: 114.265, street: '龙岗街道' },
      { lat: 22.705, lng: 114.265, street: '宝龙街道' },
      { lat: 22.705, lng: 114.225, street: '横岗街道' },
    ];
    for (const { lat, lng, street } of quadrants) {
      const response = await lookup(`lat=${lat}&lng=${lng}`);
      expect(response.body.street.name).toBe(street);
    }
  });

  it('answers 422 report.outside_service_area outside every grid', async () => {
    for (const [lat, lng] of [[22.75, 114.245], [22.72, 114.28], [39.9, 116.4]]) {
      const response = await lookup(`lat=${lat}&lng=${lng}`);
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe('report.outside_service_area');
    }
  });

  it('refuses a missing or malformed lat, naming it', async () => {
    for (const query of [`lng=${INSIDE.lng}`, `lat=abc&lng=${INSIDE.lng}`, `lat=91&lng=${INSIDE.lng}`]) {
      const response = await lookup(query);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('request.invalid');
      expect(response.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['lat']);
    }
  });

  it('refuses unknown parameters and coordinate systems', async () => {
    const extra = await lookup(`lat=${INSIDE.lat}&lng=${INSIDE.lng}&radius=5`);
    expect(extra.status).toBe(400);
    expect(extra.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['radius']);
    const system = await lookup(`lat=${INSIDE.lat}&lng=${INSIDE.lng}&coordSystem=bd09`);
    expect(system.status).toBe(400);
    expect(system.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['coordSystem']);
  });
});

describe('findGridAt', () => {
  it('covers the four corners of the service area, edges included', async () => {
    for (const lat of [south, north]) {
      for (const lng of [west, east]) {
        expect(await findGridAt(app.services.db, { lat, lng })).toBeDefined();
        const inward = { lat: lat === south ? lat + 1e-5 : lat - 1e-5, lng: lng === west ? lng + 1e-5 : lng - 1e-5 };
        expect(await findGridAt(app.services.db, inward)).toBeDefined();
      }
    }
  });

  it('numbers grids west → east, north → south inside a community', async () => {
    const at = async (lat: number, lng: number) => (await findGridAt(app.services.db, { lat, lng }))?.gridCode;
    expect(await at(north - 1e-5, west + 1e-5)).toBe('44030700100101');
    expect(await at(north - 1e-5, west + 0.0012)).toBe('44030700100102');
    expect(await at(north - 0.0012, west + 1e-5)).toBe('44030700100108');
  });

  it('gives a point on a shared corner to the lowest grid code', async () => {
    // The centre of the box is where the four streets meet.
    const grid = await findGridAt(app.services.db, { lat: 22.72, lng: 114.245 });
    expect(grid?.gridCode).toBe('44030700100877');
  });

  it('uses the GiST index on boundary', async () => {
    const plan = await gridAtQuery(app.services.db, INSIDE).explain();
    expect(JSON.stringify(plan)).toContain('grids_boundary');
  });
});

describe('the seeded demo city', () => {
  it('has over 2,000 grids with unique 14-digit codes inside their community', async () => {
    const { rows } = await sql<{ total: number; uniqueCodes: number; wellFormed: number; misplaced: number }>`
      select count(*)::int as total,
             count(distinct code)::int as unique_codes,
             count(*) filter (where code ~ '^[0-9]{14}$')::int as well_formed,
             count(*) filter (where left(code, 12) <> community_code or left(code, 9) <> street_code)::int as misplaced
      from grids where district_code = ${DEMO_DISTRICT.code}`.execute(app.services.db);
    expect(rows[0].total).toBeGreaterThanOrEqual(2000);
    expect(rows[0]).toEqual({ total: rows[0].total, uniqueCodes: rows[0].total, wellFormed: rows[0].total, misplaced: 0 });
  });

  it('has 4 streets of 8 communities, each community at most 99 grids', async () => {
    const { rows } = await sql<{ level: string; n: number }>`
      select level, count(*)::int as n from areas where code like '440307%' group by level order by level`.execute(app.services.db);
    expect(rows).toEqual([{ level: 'community', n: 32 }, { level: 'district', n: 1 }, { level: 'street', n: 4 }]);
    const { rows: largest } = await sql<{ n: number }>`
      select max(n)::int as n from (select count(*) as n from grids group by community_code) per_community`.execute(app.services.db);
    expect(largest[0].n).toBeLessThanOrEqual(99);
  });

  it('is not seeded twice', async () => {
    const count = async () => (await app.services.db.selectFrom('grids').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = await count();
    await seedDemoCity(app.services.db);
    expect(await count()).toBe(before);
  });

  it('tiles the box exactly: grid areas add up to the box and stay inside it', () => {
    const { grids } = buildDemoCity();
    const extent = { south: Infinity, north: -Infinity, west: Infinity, east: -Infinity };
    let area = 0;
    for (const grid of grids) {
      const corners = [...grid.boundary.matchAll(/\(([0-9.]+),([0-9.]+)\)/g)].map((match) => ({ lng: Number(match[1]), lat: Number(match[2]) }));
      const lngs = corners.map((corner) => corner.lng);
      const lats = corners.map((corner) => corner.lat);
      extent.south = Math.min(extent.south, ...lats);
      extent.north = Math.max(extent.north, ...lats);
      extent.west = Math.min(extent.west, ...lngs);
      extent.east = Math.max(extent.east, ...lngs);
      area += (Math.max(...lngs) - Math.min(...lngs)) * (Math.max(...lats) - Math.min(...lats));
    }
    expect(extent).toEqual(SERVICE_AREA_BOUNDS);
    expect(area).toBeCloseTo((east - west) * (north - south), 9);
  });
});
