import Router from '@koa/router';
import Joi from 'joi';
import { AppError } from '../errors/app-error.js';
import { validate } from '../http/validate.js';
import type { Services } from '../services.js';
import { currentActor } from '../auth/tokens.js';
import { locatePoint, presentGridLookup, type ClientPoint } from './locate.js';
import { findGridDetail, presentGridDetail } from './grid-detail.js';

const lookupQuery = Joi.object<ClientPoint>({
  lat: Joi.number().min(-90).max(90).required(),
  lng: Joi.number().min(-180).max(180).required(),
  coordSystem: Joi.string().valid('wgs84', 'gcj02').default('wgs84'),
});

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
    ctx.body = presentGridLookup(await locatePoint(db, query), query.coordSystem);
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
