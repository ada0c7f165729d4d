import type { StaffActor } from '../auth/tokens.js';
import { hashPassword } from '../auth/passwords.js';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import type { CreateStaffInput } from './schemas.js';
import { auditStaffChange, checkAssignment, explainWriteError } from './staff-admin.js';
import { findStaffProfile, insertStaff, type StaffProfile } from './staff-queries.js';

interface Props {
  actor: StaffActor;
  ip: string;
  input: CreateStaffInput;
}

/** An administrator opens a staff account; a taken username is 409 `staff.username_taken`. */
export async function createStaff(services: Services, { actor, ip, input }: Props): Promise<StaffProfile> {
  const departmentCode = input.departmentCode ?? null;
  await checkAssignment(services.db, input.roles, departmentCode);
  const passwordHash = await hashPassword(input.password);
  const now = services.clock.now();
  const { username, name, roles } = input;
  const sipExtension = input.sipExtension ?? null;
  const id = await services.db
    .transaction()
    .execute(async (trx) => {
      const id = await insertStaff(trx, { username, name, passwordHash, roles, departmentCode, sipExtension, createdAt: now });
      if (id === undefined) throw AppError.conflict('staff.username_taken', `username ${username} is taken; choose another`);
      await auditStaffChange(trx, { actor, ip, now }, 'staff.create', id, { username, name, roles, departmentCode, sipExtension });
      return id;
    })
    .catch((error: unknown) => {
      throw explainWriteError(error, sipExtension);
    });
  return (await findStaffProfile(services.db, id))!;
}
