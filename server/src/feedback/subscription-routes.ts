import Router from '@koa/router';
import { requireCitizen } from '../auth/tokens.js';
import { AppError } from '../errors/app-error.js';
import { validate } from '../http/validate.js';
import { readIdempotencyKey } from '../http/idempotency-key.js';
import type { Services } from '../services.js';
import { subscriptionResultsBody, type SubscriptionResultsInput } from './schemas.js';
import { grantSubscriptions } from './grant-subscriptions.js';
import { presentMiniappConfig } from './present.js';

/** The mini program's configuration and the citizen's subscribe-message acceptances. */
export function subscriptionRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1' });
  const templateIds = Object.values(services.config.miniapp.subscribeTemplates);

  router.get('/miniapp/config', (ctx) => {
    ctx.body = presentMiniappConfig(services.config);
  });

  /** Each accept is one message WeChat lets us send on that template: one credit. */
  router.post('/subscriptions', async (ctx) => {
    const citizenId = requireCitizen(ctx);
    const idempotencyKey = readIdempotencyKey(ctx, 'subscription');
    const { results } = validate<SubscriptionResultsInput>(ctx, 'body', subscriptionResultsBody);
    const unknown = results.filter((result) => !templateIds.includes(result.templateId));
    if (unknown.length > 0) {
      throw AppError.unprocessable(
        'subscription.unknown_template',
        `not a template of this mini program: ${unknown.map((result) => result.templateId).join(', ')}`,
        unknown.map((result) => ({ field: `results.${results.indexOf(result)}.templateId`, message: 'use an id from GET /api/v1/miniapp/config' })),
      );
    }
    ctx.body = { credits: await grantSubscriptions(services, { citizenId, idempotencyKey, results }) };
  });

  return router;
}
