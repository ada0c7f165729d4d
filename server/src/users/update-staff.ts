import type { Updateable } from 'kysely';
import { mayEver } from '../auth/policies.js';
import type { StaffActor } from '../auth/tokens.js';
import { hashPassword } from '../auth/passwords.js';
import type { Trx } from '../db/database.js';
import type { StaffRole, StaffTable } from '../db/schema.js';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import type { UpdateStaffInput } from './schemas.js';
import { auditStaffChange, checkAssignment, explainWriteError, staffNotFound, type ChangeBy } from './staff-admin.js';
import { endSessionsOfStaff, findStaffProfile, lockStaffProfile, updateStaffRow, type StaffProfile } from './staff-queries.js';

interface Props {
  actor: StaffActor;
  ip: string;
  staffId: number;
  input: UpdateStaffInput;
}

/**
 * An administrator changes an account. Disabling it or setting a new password ends its
 * sessions, so a leaked token or password stops working at once.
 */
export async function updateStaff(services: Services, { actor, ip, staffId, input }: Props): Promise<StaffProfile> {
  // argon2 before the transaction: the row stays locked only for the writes.
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  const by = { actor, ip, now: services.clock.now() };
  await services.db
    .transaction()
    .execute(async (trx) => {
      const current = await lockStaffProfile(trx, staffId);
      if (!current) throw staffNotFound(staffId);
      const roles = input.roles ?? current.roles;
      const departmentCode = input.departmentCode === undefined ? current.departmentCode : input.departmentCode;
      refuseSelfLockout(actor, staffId, roles, input.disabled);
      await checkAssignment(trx, roles, departmentCode);
      await applyChanges(trx, by, current, input, passwordHash);
    })
    .catch((error: unknown) => {
      throw explainWriteError(error, input.sipExtension);
    });
  return (await findStaffProfile(services.db, staffId))!;
}

/** An administrator may not disable their own account or give up managing staff: someone must be left to undo it. */
function refuseSelfLockout(actor: StaffActor, staffId: number, roles: StaffRole[], disabled: boolean | undefined) {
  if (actor.staffId !== staffId) return;
  if (disabled || !mayEver({ ...actor, roles }, 'manage_staff')) {
    throw AppError.unprocessable(
      'staff.self_lockout',
      'you cannot disable your own account or take away your own right to manage staff; ask another administrator',
    );
  }
}

/** Writes the change; fields are picked one by one so the password can reach neither the row nor the audit log. */
async function applyChanges(trx: Trx, by: ChangeBy, current: StaffProfile, input: UpdateStaffInput, passwordHash: string | undefined) {
  const { disabled } = input;
  const fields = { name: input.name, roles: input.roles, departmentCode: input.departmentCode, sipExtension: input.sipExtension };
  const row: Updateable<StaffTable> = { ...fields, passwordHash };
  if (disabled !== undefined) row.disabledAt = disabled ? (current.disabledAt ?? by.now) : null;
  await updateStaffRow(trx, current.id, row);
  const sessionsEnded = disabled || passwordHash ? await endSessionsOfStaff(trx, current.id, by.now) : 0;
  await auditStaffChange(trx, by, 'staff.update', current.id, {
    ...fields,
    ...(disabled === undefined ? {} : { disabled }),
    ...(passwordHash ? { passwordChanged: true } : {}),
    ...(sessionsEnded ? { sessionsEnded } : {}),
  });
}
