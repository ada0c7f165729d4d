import Router from '@koa/router';
import { requireStaff } from '../auth/tokens.js';
import { validate } from '../http/validate.js';
import type { Services } from '../services.js';
import { caseActionHead, caseActionSchema, caseIdParams } from './schemas.js';
import { performCaseAction } from './perform-action.js';

/** `POST /api/v1/cases/:id/actions {action, ...}`: every workflow step goes through here. */
export function workflowRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1/cases' });
  router.post('/:id/actions', async (ctx) => {
    const actor = requireStaff(ctx);
    const { id } = validate(ctx, 'params', caseIdParams);
    const { action } = validate(ctx, 'body', caseActionHead);
    const input = validate(ctx, 'body', caseActionSchema(action));
    ctx.body = { case: await performCaseAction(services, { actor, caseId: id, input, ip: ctx.ip }) };
  });
  return router;
}
