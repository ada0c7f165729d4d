import Router from '@koa/router';
import Joi from 'joi';
import { authorize } from '../auth/policies.js';
import { requireStaff } from '../auth/tokens.js';
import { pageKeys, type PageRequest } from '../http/paging.js';
import { validate } from '../http/validate.js';
import type { Services } from '../services.js';
import { presentAuditEntry } from './present.js';
import { searchAuditLog, type AuditFilter } from './queries.js';

const auditLogQuery = Joi.object<AuditFilter & PageRequest>({
  staffId: Joi.number().integer().min(1).max(Number.MAX_SAFE_INTEGER),
  username: Joi.string().max(64),
  action: Joi.string().max(64),
  targetType: Joi.string().max(64),
  targetId: Joi.string().max(64),
  from: Joi.date().iso(),
  to: Joi.date().iso().when('from', { is: Joi.exist(), then: Joi.date().greater(Joi.ref('from')) }),
  ...pageKeys,
});

/** `GET /api/v1/audit-log`: the staff audit log for administrators, newest first. */
export function auditRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/v1/audit-log' });
  router.get('/', async (ctx) => {
    authorize(requireStaff(ctx), 'read_audit_log');
    const { page, pageSize, ...filter } = validate(ctx, 'query', auditLogQuery);
    const { entries, total } = await searchAuditLog(services.db, filter, { page, pageSize });
    ctx.body = { entries: entries.map(presentAuditEntry), total, page, pageSize };
  });
  return router;
}
