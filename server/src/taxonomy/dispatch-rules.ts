/**
 * Per-street dispatch rules: a street's own unit for a category, overriding the category's
 * default when the workflow suggests where a case goes (workflow/queries.ts suggestDepartment).
 */
import { recordAudit } from '../audit/record-audit.js';
import type { Executor } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import type { DispatchRuleKey } from './schemas.js';
import { deleteDispatchRuleRow, findCategory, findDispatchRule, findStreet, upsertDispatchRule, type DispatchRuleRow } from './queries.js';
import { categoryNotFound, requireDepartment, type AdminChange } from './taxonomy-admin.js';

const targetIdOf = (key: DispatchRuleKey) => `${key.categoryCode}/${key.streetCode}`;

/** 404 when the path names a category or street that does not exist. */
async function requireRuleKey(db: Executor, key: DispatchRuleKey): Promise<void> {
  if (!(await findCategory(db, key.categoryCode))) throw categoryNotFound(key.categoryCode);
  if (!(await findStreet(db, key.streetCode))) throw AppError.notFound('street.not_found', `no street ${key.streetCode}`);
}

/** Sets (creates or replaces) the unit a street sends a category's cases to. */
export async function setDispatchRule(
  services: Pick<Services, 'db' | 'clock'>,
  { actor, ip, key, departmentCode }: AdminChange & { key: DispatchRuleKey; departmentCode: string },
): Promise<DispatchRuleRow> {
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    await requireRuleKey(trx, key);
    await requireDepartment(trx, departmentCode, 'dispatch_rule.unknown_department');
    const previous = await upsertDispatchRule(trx, { ...key, departmentCode });
    await recordAudit(trx, {
      at: now,
      staffId: actor.staffId,
      username: actor.username,
      action: 'dispatch_rule.set',
      targetType: 'dispatch_rule',
      targetId: targetIdOf(key),
      ip,
      details: { departmentCode, previous },
    });
  });
  return (await findDispatchRule(services.db, key))!;
}

/** Removes a street's rule, so the category's default applies there again. */
export async function removeDispatchRule(services: Pick<Services, 'db' | 'clock'>, { actor, ip, key }: AdminChange & { key: DispatchRuleKey }) {
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    const departmentCode = await deleteDispatchRuleRow(trx, key);
    if (!departmentCode) throw AppError.notFound('dispatch_rule.not_found', `no dispatch rule for ${key.categoryCode} in street ${key.streetCode}`);
    await recordAudit(trx, {
      at: now,
      staffId: actor.staffId,
      username: actor.username,
      action: 'dispatch_rule.delete',
      targetType: 'dispatch_rule',
      targetId: targetIdOf(key),
      ip,
      details: { departmentCode },
    });
  });
}
