import Koa from 'koa';
import type Router from '@koa/router';
import { errorHandler } from './http/error-handler.js';
import { jsonBody } from './http/body.js';
import { healthRoutes } from './http/health.js';
import { authenticate } from './auth/tokens.js';
import type { Services } from './services.js';
import { taxonomyRoutes } from './taxonomy/routes.js';
import { gridRoutes } from './grids/routes.js';
import { citizenAuthRoutes } from './users/routes.js';
import { staffAdminRoutes, staffAuthRoutes } from './users/staff-routes.js';
import { auditRoutes } from './audit/routes.js';
import { photoRoutes } from './photos/routes.js';
import { reportRoutes } from './reports/routes.js';
import { caseRoutes } from './cases/routes.js';
import { workflowRoutes } from './workflow/routes.js';
import { calendarRoutes } from './calendar/routes.js';

/** The HTTP API: infrastructure middleware, then each domain area's routes. */
export function createApp(services: Services): Koa {
  const app = new Koa();
  app.proxy = true;
  app.use(errorHandler(services.logger));
  app.use(authenticate(services.config.tokenSecret, services.clock, services.db));
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
  ];
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods({ throw: true }));
  }
  return app;
}
