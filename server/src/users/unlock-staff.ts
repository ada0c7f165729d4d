import type { StaffActor } from '../auth/tokens.js';
import type { Services } from '../services.js';
import { auditStaffChange, staffNotFound } from './staff-admin.js';
import { findStaffProfile, lockStaffProfile, updateStaffRow, type StaffProfile } from './staff-queries.js';

interface Props {
  actor: StaffActor;
  ip: string;
  staffId: number;
}

/** An administrator lifts a lockout before it runs out and clears the failure count. */
export async function unlockStaff(services: Services, { actor, ip, staffId }: Props): Promise<StaffProfile> {
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    const current = await lockStaffProfile(trx, staffId);
    if (!current) throw staffNotFound(staffId);
    await updateStaffRow(trx, staffId, { failedLogins: 0, lockedUntil: null });
    await auditStaffChange(trx, { actor, ip, now }, 'staff.unlock', staffId, {
      lockedUntil: current.lockedUntil?.toISOString() ?? null,
      failedLogins: current.failedLogins,
    });
  });
  return (await findStaffProfile(services.db, staffId))!;
}
