import Router from '@koa/router';
import type { Context } from 'koa';
import { authorize } from '../auth/policies.js';
import { requireStaff, type StaffActor } from '../auth/tokens.js';
import { validate } from '../http/validate.js';
import type { Services } from '../services.js';
import { createTemplate, deleteTemplate, updateTemplate } from './manage-templates.js';
import { presentTemplate } from './present.js';
import { listTemplates } from './queries.js';
import { createTemplateBody, templateIdParams, templateListQuery, updateTemplateBody } from './schemas.js';

function requireTemplateManager(ctx: Context): StaffActor {
  const actor = requireStaff(ctx);
  authorize(actor, 'manage_templates');
  return actor;
}

/**
 * `/api/v1/templates`: the 常用语 every staff member picks reasons and notes from
 * (`GET ?action=&categoryCode=`), kept by administrators (`POST`, `PATCH /:id`, `DELETE /:id`).
 */
export function templateRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1/templates' });
  router.get('/', async (ctx) => {
    requireStaff(ctx);
    const filter = validate(ctx, 'query', templateListQuery);
    ctx.body = { templates: (await listTemplates(services.db, filter)).map(presentTemplate) };
  });
  router.post('/', async (ctx) => {
    const actor = requireTemplateManager(ctx);
    const input = validate(ctx, 'body', createTemplateBody);
    ctx.status = 201;
    ctx.body = { template: presentTemplate(await createTemplate(services, { actor, ip: ctx.ip, input })) };
  });
  router.patch('/:id', async (ctx) => {
    const actor = requireTemplateManager(ctx);
    const { id } = validate(ctx, 'params', templateIdParams);
    const input = validate(ctx, 'body', updateTemplateBody);
    ctx.body = { template: presentTemplate(await updateTemplate(services, { actor, ip: ctx.ip, id, input })) };
  });
  router.delete('/:id', async (ctx) => {
    const actor = requireTemplateManager(ctx);
    const { id } = validate(ctx, 'params', templateIdParams);
    await deleteTemplate(services, { actor, ip: ctx.ip, id });
    ctx.status = 204;
  });
  return router;
}
