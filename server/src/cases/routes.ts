import Router from '@koa/router';
import { requireCitizen, requireStaff } from '../auth/tokens.js';
import { authorize, caseVisibility } from '../auth/policies.js';
import { validate } from '../http/validate.js';
import { photoUrlSigner } from '../photos/photo-urls.js';
import type { Services } from '../services.js';
import { caseIdParams, caseListQuery, type CaseListQuery } from '../workflow/schemas.js';
import { listCases } from './queries.js';
import { presentCaseSummary, presentNearbyCase, presentNearbyOpenCase } from './present.js';
import { readCaseDetail } from './read-case.js';
import { findNearbyCases } from './nearby.js';
import { nearbyOpenQuery, nearbyQuery } from './schemas.js';
import { findNearbyOpenCases, type NearbyOpenQuery } from './nearby-open.js';
import { followCase } from '../reports/follow-case.js';
import { presentCitizenReports } from '../reports/present-reports.js';

/**
 * Staff views of cases: the filtered queue, one case in full, and the open cases around one.
 * Citizens: the open cases near their pin before reporting, and 关注 of one of them.
 */
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

  // Before '/:id', which would take 'nearby-open' for an id.
  router.get('/nearby-open', async (ctx) => {
    const citizenId = requireCitizen(ctx);
    const query = validate<NearbyOpenQuery>(ctx, 'query', nearbyOpenQuery);
    const nearby = await findNearbyOpenCases(services.db, citizenId, query);
    ctx.body = { cases: nearby.map((row) => presentNearbyOpenCase(row, signer)) };
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

  router.post('/:id/follow', async (ctx) => {
    const citizenId = requireCitizen(ctx);
    const { id } = validate(ctx, 'params', caseIdParams);
    const { report, created } = await followCase(services, citizenId, id);
    ctx.status = created ? 201 : 200;
    ctx.body = { report: (await presentCitizenReports(services.db, signer, citizenId, [report]))[0] };
  });

  return router;
}
