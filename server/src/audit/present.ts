import type { AuditRow } from './queries.js';

/** An audit entry as administrators read it. */
export function presentAuditEntry(entry: AuditRow) {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    staffId: entry.staffId,
    username: entry.username,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    ip: entry.ip,
    details: entry.details,
  };
}
