import Router from '@koa/router';
import { requireCitizen } from '../auth/tokens.js';
import { AppError } from '../errors/app-error.js';
import { validate } from '../http/validate.js';
import type { Services } from '../services.js';
import { subscriptionResultsBody, type SubscriptionResultsInput } from './schemas.js';
import { addSubscribeCredits } from './subscription-queries.js';
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
    const { results } = validate<SubscriptionResultsInput>(ctx, 'body', subscriptionResultsBody);
    const unknown = results.filter((result) => !templateIds.includes(result.templateId));
    if (unknown.length > 0) {
      throw AppError.unprocessable(
        'subscription.unknown_template',
        `not a template of this mini program: ${unknown.map((result) => result.templateId).join(', ')}`,
        unknown.map((result) => ({ field: `results.${results.indexOf(result)}.templateId`, message: 'use an id from GET /api/v1/miniapp/config' })),
      );
    }
    const accepted = results.filter((result) => result.result === 'accept').map((result) => result.templateId);
    const credits = await services.db
      .transaction()
      .execute((trx) => addSubscribeCredits(trx, citizenId, accepted, results.map((result) => result.templateId), services.clock.now()));
    ctx.body = { credits };
  });

  return router;
}
