import Router from '@koa/router';
import Joi from 'joi';
import { authorize } from '../auth/policies.js';
import { requireStaff } from '../auth/tokens.js';
import { validate } from '../http/validate.js';
import type { Services } from '../services.js';
import { buildOverview } from './overview.js';

/** `GET /api/v1/overview`: the supervision centre's overview (a department handler's: its own unit's). */
export function evaluationRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1' });
  router.get('/overview', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'view_overview');
    validate(ctx, 'query', Joi.object({}));
    ctx.body = await buildOverview(services.db, actor, services.clock.now());
  });
  return router;
}
