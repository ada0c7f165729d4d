import Router from '@koa/router';
import Joi from 'joi';
import { validate } from '../http/validate.js';
import type { Services } from '../services.js';
import { listCategories, listDepartments, type CategoryRow, type CategoryWithDepartment, type DepartmentRow } from './queries.js';

const categoriesQuery = Joi.object<{ kind?: CategoryRow['kind'] }>({
  kind: Joi.string().valid('component', 'event'),
});

/** A category as clients see it; the code splits into the kind letter and the standard's 4 digits. */
export function presentCategory(category: CategoryWithDepartment) {
  return {
    code: category.code,
    name: category.name,
    kind: category.kind,
    majorCode: category.majorCode,
    majorName: category.majorName,
    minorCode: category.code.slice(3, 5),
    standardCode: category.code.slice(1),
    department: { code: category.departmentCode, name: category.departmentName },
    timeLimit: { value: category.timeLimitValue, unit: category.timeLimitUnit },
    dedupRadiusM: category.dedupRadiusM,
    dedupWindowH: category.dedupWindowH,
  };
}

/** A handling unit; a street office names the street it serves. */
export function presentDepartment(department: DepartmentRow) {
  return {
    code: department.code,
    name: department.name,
    kind: department.kind,
    ...(department.streetCode ? { streetCode: department.streetCode } : {}),
  };
}

/**
 * `GET /api/v1/categories[?kind=component|event]`: the 部件/事件 list the report form offers.
 * `GET /api/v1/departments`: the handling units (处置部门 and street offices) cases go to.
 */
export function taxonomyRoutes({ db }: Services): Router {
  const router = new Router({ prefix: '/api/v1' });
  router.get('/categories', async (ctx) => {
    const query = validate(ctx, 'query', categoriesQuery);
    ctx.body = { categories: (await listCategories(db, query)).map(presentCategory) };
  });
  router.get('/departments', async (ctx) => {
    validate(ctx, 'query', Joi.object({}));
    ctx.body = { departments: (await listDepartments(db)).map(presentDepartment) };
  });
  return router;
}
