import Router from '@koa/router';
import { requireStaff } from '../auth/tokens.js';
import { authorize, caseVisibility } from '../auth/policies.js';
import { validate } from '../http/validate.js';
import { photoUrlSigner } from '../photos/photo-urls.js';
import type { Services } from '../services.js';
import { caseIdParams, caseListQuery, type CaseListQuery } from '../workflow/schemas.js';
import { listCases } from './queries.js';
import { presentCaseSummary, presentNearbyCase } from './present.js';
import { readCaseDetail } from './read-case.js';
import { findNearbyCases } from './nearby.js';
import { nearbyQuery } from './schemas.js';

/** Staff views of cases: the filtered queue, one case in full, and the open cases around one. */
export function caseRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1/cases' });
  const signer = photoUrlSigner(services.config, services.clock);

  router.get('/', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'list_cases');
    const query = validate<CaseListQuery>(ctx, 'query', caseListQuery);
    const visibility = caseVisibility(actor);
    const { rows, total } = await listCases(
      services.db,
      {
        statuses: query.status,
        streetCode: query.street,
        departmentCode: query.department,
        categoryCode: query.category,
        light: query.light,
        flag: query.flag,
        onlyDepartmentCode: visibility.scope === 'department' ? visibility.departmentCode : undefined,
      },
      query,
    );
    ctx.body = { cases: rows.map(presentCaseSummary), total, page: query.page, pageSize: query.pageSize };
  });

  router.get('/:id', async (ctx) => {
    const actor = requireStaff(ctx);
    const { id } = validate(ctx, 'params', caseIdParams);
    ctx.body = { case: await readCaseDetail(services, actor, id, signer) };
  });

  router.get('/:id/nearby', async (ctx) => {
    const actor = requireStaff(ctx);
    const { id } = validate(ctx, 'params', caseIdParams);
    const { radiusM } = validate(ctx, 'query', nearbyQuery);
    const nearby = await findNearbyCases(services.db, actor, id, radiusM);
    ctx.body = { radiusM, cases: nearby.map(presentNearbyCase) };
  });

  return router;
}
