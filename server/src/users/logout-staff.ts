import { recordAudit } from '../audit/record-audit.js';
import type { StaffActor } from '../auth/tokens.js';
import type { Services } from '../services.js';
import { endStaffSession } from './staff-queries.js';

interface Props {
  actor: StaffActor;
  ip: string;
}

/** Ends the caller's session: its token is refused from now on (`auth.session_ended`), even before it expires. */
export async function logoutStaff(services: Services, { actor, ip }: Props): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    await endStaffSession(trx, actor.sessionId, now);
    await recordAudit(trx, {
      at: now,
      staffId: actor.staffId,
      username: actor.username,
      action: 'logout',
      targetType: 'staff_session',
      targetId: actor.sessionId,
      ip,
    });
  });
}
