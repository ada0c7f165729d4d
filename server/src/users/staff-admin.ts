/** What every administrator change to a staff account shares: the rule for roles and unit, and the audit entry. */
import { recordAudit } from '../audit/record-audit.js';
import type { StaffActor } from '../auth/tokens.js';
import type { Executor } from '../db/database.js';
import type { StaffRole } from '../db/schema.js';
import { AppError } from '../errors/app-error.js';
import { findDepartment } from '../taxonomy/queries.js';

/**
 * A handler of the `department` role always belongs to one existing unit, and nobody else
 * does (the staff table enforces the pairing too; this says which field is wrong).
 */
export async function checkAssignment(db: Executor, roles: StaffRole[], departmentCode: string | null): Promise<void> {
  const handlesCases = roles.includes('department');
  if (handlesCases && !departmentCode) {
    const message = 'the department role needs a departmentCode: the unit whose cases the account handles';
    throw AppError.unprocessable('staff.department_required', message, [
      { field: 'departmentCode', message: 'required with the department role' },
    ]);
  }
  if (!handlesCases && departmentCode) {
    throw AppError.unprocessable('staff.department_not_allowed', 'departmentCode belongs only to accounts with the department role', [
      { field: 'departmentCode', message: 'set it to null or add the department role' },
    ]);
  }
  if (departmentCode && !(await findDepartment(db, departmentCode))) {
    throw AppError.unprocessable('staff.unknown_department', `no department ${departmentCode}; GET /api/v1/departments lists them`, [
      { field: 'departmentCode', message: `unknown department ${departmentCode}` },
    ]);
  }
}

/**
 * What to throw for a failed account write: 409 `staff.sip_extension_taken` when the unique index
 * on the extension (its part before '@') refused it, the error itself otherwise.
 */
export function explainWriteError(error: unknown, sipExtension: string | null | undefined): unknown {
  const violation = error as { code?: unknown; constraint?: unknown };
  if (violation.code !== '23505' || violation.constraint !== 'staff_sip_extension_key') return error;
  return new AppError(409, 'staff.sip_extension_taken', `extension ${sipExtension} is another account's: calls answered on it would pop on two desks`, [
    { field: 'sipExtension', message: `${sipExtension} (or the same name before '@') belongs to another account` },
  ]);
}

export function staffNotFound(id: number) {
  return AppError.notFound('staff.not_found', `no staff account ${id}`);
}

/** Who changed an account, from where, and when. */
export interface ChangeBy {
  actor: StaffActor;
  ip: string;
  now: Date;
}

/** Audits a change to account `staffId`; `details` must never hold a password or its hash. */
export async function auditStaffChange(db: Executor, by: ChangeBy, action: string, staffId: number, details: Record<string, unknown>) {
  await recordAudit(db, {
    at: by.now,
    staffId: by.actor.staffId,
    username: by.actor.username,
    action,
    targetType: 'staff',
    targetId: staffId,
    ip: by.ip,
    details,
  });
}
