import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { StaffAuditLogTable } from '../db/schema.js';
import { pageOffset, type PageRequest } from '../http/paging.js';

export type AuditRow = Selectable<StaffAuditLogTable>;

export interface AuditFilter {
  staffId?: number;
  /** The username as recorded: for failed logins, what was typed. */
  username?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Entries at or after `from` and before `to`. */
  from?: Date;
  to?: Date;
}

/** One page of the staff audit log, newest first, and how many entries match in all. */
export async function searchAuditLog(db: Executor, filter: AuditFilter, page: PageRequest) {
  let query = db.selectFrom('staffAuditLog');
  if (filter.staffId !== undefined) query = query.where('staffId', '=', filter.staffId);
  if (filter.username !== undefined) query = query.where('username', '=', filter.username);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.targetType !== undefined) query = query.where('targetType', '=', filter.targetType);
  if (filter.targetId !== undefined) query = query.where('targetId', '=', filter.targetId);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  const [entries, count] = await Promise.all([
    query
      .select(['id', 'at', 'staffId', 'username', 'action', 'targetType', 'targetId', 'ip', 'details'])
      // id breaks ties: entries of one transaction share their `at`.
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.pageSize)
      .offset(pageOffset(page))
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { entries, total: Number(count.total) };
}
