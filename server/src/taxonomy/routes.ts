import Router from '@koa/router';
import Joi from 'joi';
import type { Context } from 'koa';
import { authorize, type PolicyAction } from '../auth/policies.js';
import { requireStaff, type StaffActor } from '../auth/tokens.js';
import { validate } from '../http/validate.js';
import type { Services } from '../services.js';
import { removeDispatchRule, setDispatchRule } from './dispatch-rules.js';
import { presentCategory, presentDepartment, presentDispatchRule } from './present.js';
import { listCategories, listDepartments, listDispatchRules, type CategoryRow } from './queries.js';
import {
  categoryParams,
  departmentParams,
  dispatchRuleBody,
  dispatchRuleParams,
  dispatchRulesQuery,
  updateCategoryBody,
  updateDepartmentBody,
} from './schemas.js';
import { updateCategory, updateDepartment } from './taxonomy-admin.js';

const categoriesQuery = Joi.object<{ kind?: CategoryRow['kind'] }>({
  kind: Joi.string().valid('component', 'event'),
});

function requireStaffMay(ctx: Context, action: PolicyAction): StaffActor {
  const actor = requireStaff(ctx);
  authorize(actor, action);
  return actor;
}

/**
 * `GET /api/v1/categories[?kind=component|event]`: the 部件/事件 list the report form offers.
 * `GET /api/v1/departments`: the handling units (处置部门 and street offices) cases go to.
 * `PATCH` of either, by code, for administrators (`manage_taxonomy`).
 */
export function taxonomyRoutes(services: Services): Router {
  const { db } = services;
  const router = new Router({ prefix: '/api/v1' });
  router.get('/categories', async (ctx) => {
    const query = validate(ctx, 'query', categoriesQuery);
    ctx.body = { categories: (await listCategories(db, query)).map(presentCategory) };
  });
  router.patch('/categories/:code', async (ctx) => {
    const actor = requireStaffMay(ctx, 'manage_taxonomy');
    const { code } = validate(ctx, 'params', categoryParams);
    const input = validate(ctx, 'body', updateCategoryBody);
    ctx.body = { category: presentCategory(await updateCategory(services, { actor, ip: ctx.ip, code, input })) };
  });
  router.get('/departments', async (ctx) => {
    validate(ctx, 'query', Joi.object({}));
    ctx.body = { departments: (await listDepartments(db)).map(presentDepartment) };
  });
  router.patch('/departments/:code', async (ctx) => {
    const actor = requireStaffMay(ctx, 'manage_taxonomy');
    const { code } = validate(ctx, 'params', departmentParams);
    const { name } = validate(ctx, 'body', updateDepartmentBody);
    ctx.body = { department: presentDepartment(await updateDepartment(services, { actor, ip: ctx.ip, code, name })) };
  });
  return router;
}

/** `/api/v1/dispatch-rules`: list, and per category and street set or remove, for `manage_dispatch_rules`. */
export function dispatchRuleRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1/dispatch-rules' });
  router.get('/', async (ctx) => {
    requireStaffMay(ctx, 'manage_dispatch_rules');
    const filter = validate(ctx, 'query', dispatchRulesQuery);
    ctx.body = { rules: (await listDispatchRules(services.db, filter)).map(presentDispatchRule) };
  });
  router.put('/:categoryCode/:streetCode', async (ctx) => {
    const actor = requireStaffMay(ctx, 'manage_dispatch_rules');
    const key = validate(ctx, 'params', dispatchRuleParams);
    const { departmentCode } = validate(ctx, 'body', dispatchRuleBody);
    ctx.body = { rule: presentDispatchRule(await setDispatchRule(services, { actor, ip: ctx.ip, key, departmentCode })) };
  });
  router.delete('/:categoryCode/:streetCode', async (ctx) => {
    const actor = requireStaffMay(ctx, 'manage_dispatch_rules');
    const key = validate(ctx, 'params', dispatchRuleParams);
    await removeDispatchRule(services, { actor, ip: ctx.ip, key });
    ctx.status = 204;
  });
  return router;
}
