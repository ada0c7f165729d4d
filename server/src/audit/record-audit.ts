import type { Executor } from '../db/database.js';

export interface AuditEntry {
  at: Date;
  /** Null for a failed login with an unknown username. */
  staffId: number | null;
  username: string;
  /** `login`, `login_failed`, `logout`, a case action such as `dispatch`, `view_personal_data`, ... */
  action: string;
  targetType?: string;
  targetId?: string | number;
  ip?: string;
  details?: Record<string, unknown>;
}

/**
 * Appends to the staff audit log (等保: every staff action, kept at least 6 months). Call it with
 * the use case's transaction so the entry commits with what it records.
 */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('staffAuditLog')
    .values({
      at: entry.at,
      staffId: entry.staffId,
      username: entry.username,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId === undefined ? null : String(entry.targetId),
      ip: entry.ip ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
