/**
 * What the signed-in person may do, asked of the server's own policy table (auth/policies.ts,
 * imported as code), so menus and buttons follow the same rules the API enforces.
 */
import { mayEver, type PolicyAction } from '../../../server/src/auth/policies.js';
import type { Staff } from '../api/contract';

export function mayAny(staff: Staff, actions: readonly PolicyAction[]): boolean {
  // Only roles and unit matter to the policy table; the session fields are the server's concern.
  const actor = { kind: 'staff' as const, staffId: staff.id, sessionId: '', username: staff.username, name: staff.name, roles: staff.roles, departmentCode: staff.department?.code ?? null };
  return actions.some((action) => mayEver(actor, action));
}
