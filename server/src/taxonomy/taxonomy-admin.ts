/** Administrators tuning the taxonomy: a category's handling settings, a unit's name. */
import type { Updateable } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { StaffActor } from '../auth/tokens.js';
import type { Executor } from '../db/database.js';
import type { CategoryTable } from '../db/schema.js';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import type { UpdateCategoryInput } from './schemas.js';
import {
  findCategoryWithDepartment,
  findDepartment,
  lockCategory,
  lockDepartment,
  updateCategoryRow,
  updateDepartmentRow,
  type CategoryRow,
  type CategoryWithDepartment,
  type DepartmentRow,
} from './queries.js';

/** Who makes an administrative change, from where. */
export interface AdminChange {
  actor: StaffActor;
  ip: string;
}

/** 422 naming the field when a unit a change refers to does not exist. */
export async function requireDepartment(db: Executor, code: string, errorCode: string): Promise<void> {
  if (await findDepartment(db, code)) return;
  throw AppError.unprocessable(errorCode, `no department ${code}; GET /api/v1/departments lists them`, [
    { field: 'departmentCode', message: `unknown department ${code}` },
  ]);
}

export function categoryNotFound(code: string) {
  return AppError.notFound('category.not_found', `no category ${code}`);
}

/** A category's settings in the API's shape, for the audit entry's `previous`. */
function settingsOf(row: CategoryRow) {
  return {
    timeLimit: { value: row.timeLimitValue, unit: row.timeLimitUnit },
    stageLimits: { accept: row.acceptLimitHours, register: row.registerLimitHours, dispatch: row.dispatchLimitHours },
    dedupRadiusM: row.dedupRadiusM,
    dedupWindowH: row.dedupWindowH,
    departmentCode: row.departmentCode,
  };
}

/** Fields left out of the input stay undefined, which Kysely leaves out of the update. */
function columnsOf(input: UpdateCategoryInput): Updateable<CategoryTable> {
  return {
    timeLimitValue: input.timeLimit?.value,
    timeLimitUnit: input.timeLimit?.unit,
    acceptLimitHours: input.stageLimits?.accept,
    registerLimitHours: input.stageLimits?.register,
    dispatchLimitHours: input.stageLimits?.dispatch,
    dedupRadiusM: input.dedupRadiusM,
    dedupWindowH: input.dedupWindowH,
    departmentCode: input.departmentCode,
  };
}

/**
 * An administrator changes a category's limits, dedup radius and window or default unit. The
 * row becomes theirs: loadTaxonomy no longer overwrites it from the data file. New limits apply
 * to stage clocks started from now on; running clocks keep the deadline they were given.
 */
export async function updateCategory(
  services: Pick<Services, 'db' | 'clock' | 'categories'>,
  { actor, ip, code, input }: AdminChange & { code: string; input: UpdateCategoryInput },
): Promise<CategoryWithDepartment> {
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    const current = await lockCategory(trx, code);
    if (!current) throw categoryNotFound(code);
    if (input.departmentCode) await requireDepartment(trx, input.departmentCode, 'category.unknown_department');
    await updateCategoryRow(trx, code, { ...columnsOf(input), editedBy: actor.username, editedAt: now });
    await recordAudit(trx, {
      at: now,
      staffId: actor.staffId,
      username: actor.username,
      action: 'category.update',
      targetType: 'category',
      targetId: code,
      ip,
      details: { ...input, previous: settingsOf(current) },
    });
  });
  // Reports taken by this process from now on use the new radius, window and limits.
  services.categories.invalidate();
  return (await findCategoryWithDepartment(services.db, code))!;
}

/** An administrator renames a handling unit; like a category, the row is theirs from then on. */
export async function updateDepartment(
  services: Pick<Services, 'db' | 'clock'>,
  { actor, ip, code, name }: AdminChange & { code: string; name: string },
): Promise<DepartmentRow> {
  const now = services.clock.now();
  return services.db.transaction().execute(async (trx) => {
    const current = await lockDepartment(trx, code);
    if (!current) throw AppError.notFound('department.not_found', `no department ${code}`);
    await updateDepartmentRow(trx, code, { name, editedBy: actor.username, editedAt: now });
    await recordAudit(trx, {
      at: now,
      staffId: actor.staffId,
      username: actor.username,
      action: 'department.update',
      targetType: 'department',
      targetId: code,
      ip,
      details: { name, previous: { name: current.name } },
    });
    return { ...current, name, editedBy: actor.username, editedAt: now };
  });
}
