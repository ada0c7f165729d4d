import Koa from 'koa';
import type Router from '@koa/router';
import { errorHandler } from './http/error-handler.js';
import { jsonBody } from './http/body.js';
import { healthRoutes } from './http/health.js';
import { adminStatic, h5Static } from './http/static-apps.js';
import { authenticate } from './auth/tokens.js';
import type { Services } from './services.js';
import { dispatchRuleRoutes, taxonomyRoutes } from './taxonomy/routes.js';
import { gridRoutes } from './grids/routes.js';
import { citizenAuthRoutes } from './users/routes.js';
import { staffAdminRoutes, staffAuthRoutes } from './users/staff-routes.js';
import { auditRoutes } from './audit/routes.js';
import { photoRoutes } from './photos/routes.js';
import { reportRoutes } from './reports/routes.js';
import { caseRoutes } from './cases/routes.js';
import { workflowRoutes } from './workflow/routes.js';
import { calendarRoutes } from './calendar/routes.js';
import { rewardAdminRoutes, rewardRoutes } from './rewards/routes.js';
import { settlementRoutes } from './settlement/routes.js';
import { settlementRawBodyRoutes } from './settlement/raw-body-routes.js';
import { contractorRoutes } from './contractors/routes.js';
import { templateRoutes } from './templates/routes.js';
import { evaluationRoutes } from './evaluation/routes.js';
import { subscriptionRoutes } from './feedback/subscription-routes.js';
import { hotlineRoutes, telephonyRoutes } from './hotline/routes.js';

/** The HTTP API: infrastructure middleware, then each domain area's routes. */
export function createApp(services: Services): Koa {
  const app = new Koa();
  app.proxy = services.config.trustProxy;
  app.use(errorHandler(services.logger));
  app.use(adminStatic());
  app.use(h5Static());
  // The telephony service's endpoints take its service token, which is no JWT: before `authenticate`.
  const telephony = telephonyRoutes(services);
  app.use(telephony.routes());
  app.use(telephony.allowedMethods({ throw: true }));
  app.use(authenticate(services.config.tokenSecret, services.clock, services.db));
  // WeChat Pay's callback and the carrier's workbook are read as bytes, before the JSON parser.
  app.use(settlementRawBodyRoutes(services).routes());
  app.use(jsonBody(services.config.jsonBodyLimitBytes));
  const routers: Router[] = [
    healthRoutes(services),
    taxonomyRoutes(services),
    gridRoutes(services),
    citizenAuthRoutes(services),
    staffAuthRoutes(services),
    staffAdminRoutes(services),
    auditRoutes(services),
    photoRoutes(services),
    reportRoutes(services),
    caseRoutes(services),
    workflowRoutes(services),
    calendarRoutes(services),
    rewardRoutes(services),
    rewardAdminRoutes(services),
    settlementRoutes(services),
    contractorRoutes(services),
    dispatchRuleRoutes(services),
    templateRoutes(services),
    evaluationRoutes(services),
    subscriptionRoutes(services),
    hotlineRoutes(services),
  ];
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods({ throw: true }));
  }
  return app;
}
