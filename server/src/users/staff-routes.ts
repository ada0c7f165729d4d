import Router from '@koa/router';
import type { Context } from 'koa';
import { authorize } from '../auth/policies.js';
import { requireStaff, type StaffActor } from '../auth/tokens.js';
import { validate } from '../http/validate.js';
import type { Services } from '../services.js';
import { createStaff } from './create-staff.js';
import { loginStaff } from './login-staff.js';
import { logoutStaff } from './logout-staff.js';
import { presentStaff, presentStaffAccount } from './present.js';
import { createStaffBody, staffIdParams, staffListQuery, staffLoginBody, updateStaffBody } from './schemas.js';
import { findStaffProfile, listStaff } from './staff-queries.js';
import { unlockStaff } from './unlock-staff.js';
import { updateStaff } from './update-staff.js';

/** `POST /api/v1/auth/staff` (login), `POST /api/v1/auth/logout`, `GET /api/v1/auth/me`. */
export function staffAuthRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1/auth' });
  router.post('/staff', async (ctx) => {
    const body = validate(ctx, 'body', staffLoginBody);
    const { token, expiresIn, staff } = await loginStaff(services, { ...body, ip: ctx.ip });
    ctx.body = { token, expiresIn, staff: presentStaff(staff) };
  });
  router.post('/logout', async (ctx) => {
    await logoutStaff(services, { actor: requireStaff(ctx), ip: ctx.ip });
    ctx.status = 204;
  });
  router.get('/me', async (ctx) => {
    const actor = requireStaff(ctx);
    // The session check already found the row; reading it again picks up the unit's name.
    ctx.body = { staff: presentStaff((await findStaffProfile(services.db, actor.staffId))!) };
  });
  return router;
}

function requireStaffManager(ctx: Context): StaffActor {
  const actor = requireStaff(ctx);
  authorize(actor, 'manage_staff');
  return actor;
}

/** Account administration under `/api/v1/staff`: list, create, change, unlock. */
export function staffAdminRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1/staff' });
  router.get('/', async (ctx) => {
    requireStaffManager(ctx);
    const { role, department, username, ...page } = validate(ctx, 'query', staffListQuery);
    const { staff, total } = await listStaff(services.db, { role, departmentCode: department, usernamePrefix: username }, page);
    ctx.body = { staff: staff.map(presentStaffAccount), total, ...page };
  });
  router.post('/', async (ctx) => {
    const actor = requireStaffManager(ctx);
    const input = validate(ctx, 'body', createStaffBody);
    ctx.status = 201;
    ctx.body = { staff: presentStaffAccount(await createStaff(services, { actor, ip: ctx.ip, input })) };
  });
  router.patch('/:id', async (ctx) => {
    const actor = requireStaffManager(ctx);
    const { id } = validate(ctx, 'params', staffIdParams);
    const input = validate(ctx, 'body', updateStaffBody);
    ctx.body = { staff: presentStaffAccount(await updateStaff(services, { actor, ip: ctx.ip, staffId: id, input })) };
  });
  router.post('/:id/unlock', async (ctx) => {
    const actor = requireStaffManager(ctx);
    const { id } = validate(ctx, 'params', staffIdParams);
    ctx.body = { staff: presentStaffAccount(await unlockStaff(services, { actor, ip: ctx.ip, staffId: id })) };
  });
  return router;
}
