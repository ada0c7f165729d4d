import Router from '@koa/router';
import Joi from 'joi';
import type { Executor } from '../db/database.js';
import type { CoordSystem } from '../db/schema.js';
import { AppError } from '../errors/app-error.js';
import { validate } from '../http/validate.js';
import type { Services } from '../services.js';
import { currentActor } from '../auth/tokens.js';
import { toWgs84, type LatLng } from './coordinates.js';
import { findGridAt, type GridLocation } from './queries.js';
import { findGridDetail, presentGridDetail } from './grid-detail.js';

export interface ClientPoint {
  lat: number;
  lng: number;
  coordSystem: CoordSystem;
}

export interface LocatedPoint {
  /** The point in WGS-84, as stored. */
  point: LatLng;
  grid: GridLocation;
}

/**
 * Converts a client's point to WGS-84 and finds its unit grid, or throws 422
 * `report.outside_service_area`. Reports and the lookup route both go through here, so a
 * point the lookup accepts is a point a report is accepted at.
 */
export async function locateReport(db: Executor, client: ClientPoint): Promise<LocatedPoint> {
  const point = toWgs84(client, client.coordSystem);
  const grid = await findGridAt(db, point);
  if (!grid) {
    throw AppError.unprocessable(
      'report.outside_service_area',
      'this location is outside the service area (该位置不在服务区域内); please choose a place inside the city\'s unit grids',
    );
  }
  return { point, grid };
}

const lookupQuery = Joi.object<ClientPoint>({
  lat: Joi.number().min(-90).max(90).required(),
  lng: Joi.number().min(-180).max(180).required(),
  coordSystem: Joi.string().valid('wgs84', 'gcj02').default('wgs84'),
});

/** What a client learns about a grid: codes and names, never the boundary. */
function presentGridLookup({ point, grid }: LocatedPoint, coordSystem: CoordSystem) {
  return {
    gridCode: grid.gridCode,
    scheme: grid.scheme,
    community: { code: grid.communityCode, name: grid.communityName },
    street: { code: grid.streetCode, name: grid.streetName },
    district: { code: grid.districtCode, name: grid.districtName },
    point: { lat: point.lat, lng: point.lng },
    coordSystem,
  };
}

/** CJ/T 213 grid codes are 14 digits; Beijing's 15 and professional grids' 20 are stored alike. */
const gridParams = Joi.object<{ code: string }>({ code: Joi.string().pattern(/^[0-9]{14,20}$/).required() });

/**
 * `GET /api/v1/grids/lookup`: which unit grid (and so which street office) a point falls in.
 * `GET /api/v1/grids/:code`: one grid with its outline, for anyone signed in to draw it on a map.
 */
export function gridRoutes({ db }: Services): Router {
  const router = new Router({ prefix: '/api/v1/grids' });
  router.get('/lookup', async (ctx) => {
    const query = validate(ctx, 'query', lookupQuery);
    ctx.body = presentGridLookup(await locateReport(db, query), query.coordSystem);
  });
  router.get('/:code', async (ctx) => {
    currentActor(ctx);
    const { code } = validate(ctx, 'params', gridParams);
    const grid = await findGridDetail(db, code);
    if (!grid) throw AppError.notFound('grid.not_found', `no unit grid ${code}`);
    ctx.body = { grid: presentGridDetail(grid) };
  });
  return router;
}
