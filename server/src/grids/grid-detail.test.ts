import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, loginDemoStaff } from '../test-support/factories.js';
import { parsePolygon } from './grid-detail.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const POINT = { lat: 22.7213, lng: 114.2468 };

describe('GET /api/v1/grids/:code', () => {
  it('gives anyone signed in the grid’s street, community and WGS-84 outline around its points', async () => {
    const lookup = (await app.request('GET', `/api/v1/grids/lookup?lat=${POINT.lat}&lng=${POINT.lng}`)).body;
    const citizen = await buildCitizen(app);
    const reviewer = await loginDemoStaff(app, 'reviewer');
    for (const token of [citizen.token, reviewer.token]) {
      const response = await app.request('GET', `/api/v1/grids/${lookup.gridCode}`, { token });
      expect(response.status).toBe(200);
      const { grid } = response.body;
      expect(grid).toEqual({
        code: lookup.gridCode,
        streetCode: lookup.street.code,
        streetName: lookup.street.name,
        communityCode: lookup.community.code,
        communityName: lookup.community.name,
        boundary: expect.any(Array),
      });
      // A demo grid is a rectangle of about 92 m × 101 m holding the point.
      expect(grid.boundary).toHaveLength(4);
      const lngs = grid.boundary.map(([lng]: number[]) => lng);
      const lats = grid.boundary.map(([, lat]: number[]) => lat);
      expect(Math.min(...lngs)).toBeLessThanOrEqual(POINT.lng);
      expect(Math.max(...lngs)).toBeGreaterThanOrEqual(POINT.lng);
      expect(Math.min(...lats)).toBeLessThanOrEqual(POINT.lat);
      expect(Math.max(...lats)).toBeGreaterThanOrEqual(POINT.lat);
      expect(Math.max(...lats) - Math.min(...lats)).toBeLessThan(0.002);
    }
  });

  it('answers 404 for an unknown grid, 400 for a malformed code, 401 to strangers', async () => {
    const { token } = await loginDemoStaff(app, 'reviewer');
    const unknown = await app.request('GET', '/api/v1/grids/44030700199999', { token });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'grid.not_found']);
    const malformed = await app.request('GET', '/api/v1/grids/4403-07', { token });
    expect([malformed.status, malformed.body.error.fields[0].field]).toEqual([400, 'code']);
    expect((await app.request('GET', '/api/v1/grids/44030700100101')).status).toBe(401);
  });
});

describe('parsePolygon', () => {
  it('reads PostgreSQL’s polygon text as [lng, lat] pairs', () => {
    expect(parsePolygon('((114.22,22.74),(114.2209091,22.74),(114.2209091,22.7390909),(1e-7,-22.5))')).toEqual([
      [114.22, 22.74],
      [114.2209091, 22.74],
      [114.2209091, 22.7390909],
      [1e-7, -22.5],
    ]);
  });
});
