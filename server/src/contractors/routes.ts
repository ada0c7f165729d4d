import Router from '@koa/router';
import { authorize } from '../auth/policies.js';
import { requireStaff } from '../auth/tokens.js';
import { validate } from '../http/validate.js';
import { sendWorkbook } from '../http/xlsx.js';
import { monthRange } from '../rewards/rules.js';
import type { Services } from '../services.js';
import { exportDeductionStatement } from './export-statement.js';
import { addContractedArea, contractorNotFound, createContractor, endContractedArea } from './manage-contractors.js';
import { presentContractor, presentDeduction } from './present.js';
import { deductionsOf, findContractor, listContractors, monthlyTotals } from './queries.js';
import { areaParams, contractorParams, monthQuery, newAreaBody, newContractorBody, type NewContractedArea } from './schemas.js';

/** Contractors (保洁公司 / 信息采集公司), their contracted areas, and their monthly deductions. */
export function contractorRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1/contractors' });

  const readContractor = async (id: number) => {
    const contractor = await findContractor(services.db, id);
    if (!contractor) throw contractorNotFound(id);
    return contractor;
  };
  const presentOne = async (id: number) => presentContractor((await listContractors(services.db)).find((contractor) => contractor.id === id)!);

  router.get('/', async (ctx) => {
    authorize(requireStaff(ctx), 'view_settlement');
    ctx.body = { contractors: (await listContractors(services.db)).map(presentContractor) };
  });

  router.post('/', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'manage_contractors');
    const contractor = validate(ctx, 'body', newContractorBody);
    const id = await createContractor(services, { actor, ip: ctx.ip, contractor });
    ctx.status = 201;
    ctx.body = { contractor: await presentOne(id) };
  });

  router.post('/:id/areas', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'manage_contractors');
    const { id } = validate(ctx, 'params', contractorParams);
    const area = validate<NewContractedArea>(ctx, 'body', newAreaBody);
    await addContractedArea(services, { actor, ip: ctx.ip, contractorId: id, area });
    ctx.status = 201;
    ctx.body = { contractor: await presentOne(id) };
  });

  router.post('/:id/areas/:areaId/end', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'manage_contractors');
    const { id, areaId } = validate(ctx, 'params', areaParams);
    await endContractedArea(services, { actor, ip: ctx.ip, contractorId: id, areaId });
    ctx.body = { contractor: await presentOne(id) };
  });

  /** Every contractor's deductions of the month, for finance's overview. */
  router.get('/deductions', async (ctx) => {
    authorize(requireStaff(ctx), 'view_settlement');
    const { month } = validate(ctx, 'query', monthQuery);
    ctx.body = { month, totals: await monthlyTotals(services.db, monthRange(month)) };
  });

  router.get('/:id/deductions', async (ctx) => {
    authorize(requireStaff(ctx), 'view_settlement');
    const { id } = validate(ctx, 'params', contractorParams);
    const { month } = validate(ctx, 'query', monthQuery);
    await readContractor(id);
    ctx.body = { month, deductions: (await deductionsOf(services.db, id, monthRange(month))).map(presentDeduction) };
  });

  router.get('/:id/deductions.xlsx', async (ctx) => {
    const actor = requireStaff(ctx);
    authorize(actor, 'view_settlement');
    const { id } = validate(ctx, 'params', contractorParams);
    const { month } = validate(ctx, 'query', monthQuery);
    const contractor = await readContractor(id);
    sendWorkbook(ctx, await exportDeductionStatement(services, { actor, ip: ctx.ip, contractor, month }), `contractor-${id}-deductions-${month}.xlsx`);
  });

  return router;
}
