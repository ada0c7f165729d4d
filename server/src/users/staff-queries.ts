import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { StaffRole, StaffTable } from '../db/schema.js';
import { pageOffset, type PageRequest } from '../http/paging.js';

/** An account as presenters need it: the staff row without its hash, with its unit's name. */
export interface StaffProfile {
  id: number;
  username: string;
  name: string;
  roles: StaffRole[];
  departmentCode: string | null;
  departmentName: string | null;
  sipExtension: string | null;
  failedLogins: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  createdAt: Date;
}

/** What a login decides on; `forUpdate` locks the row until the transaction ends. */
export interface StaffCredentials {
  id: number;
  username: string;
  passwordHash: string;
  failedLogins: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
}

export async function findStaffCredentials(
  db: Executor,
  where: { username: string } | { id: number },
  forUpdate = false,
): Promise<StaffCredentials | undefined> {
  let query = db.selectFrom('staff').select(['id', 'username', 'passwordHash', 'failedLogins', 'lockedUntil', 'disabledAt']);
  query = 'id' in where ? query.where('id', '=', where.id) : query.where('username', '=', where.username);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

function profiles(db: Executor) {
  return db
    .selectFrom('staff')
    .leftJoin('departments', 'departments.code', 'staff.departmentCode')
    .select([
      'staff.id',
      'staff.username',
      'staff.name',
      'staff.roles',
      'staff.departmentCode',
      'departments.name as departmentName',
      'staff.sipExtension',
      'staff.failedLogins',
      'staff.lockedUntil',
      'staff.disabledAt',
      'staff.createdAt',
    ]);
}

export async function findStaffProfile(db: Executor, id: number): Promise<StaffProfile | undefined> {
  return profiles(db).where('staff.id', '=', id).executeTakeFirst();
}

/** The profile with the staff row locked until the transaction ends. */
export async function lockStaffProfile(db: Executor, id: number): Promise<StaffProfile | undefined> {
  return profiles(db).where('staff.id', '=', id).forUpdate('staff').executeTakeFirst();
}

export interface StaffFilter {
  role?: StaffRole;
  departmentCode?: string;
  usernamePrefix?: string;
}

/** One page of accounts by username, and how many match in all. */
export async function listStaff(db: Executor, filter: StaffFilter, page: PageRequest) {
  let query = profiles(db);
  if (filter.role) query = query.where((eb) => eb(eb.val(filter.role!), '=', eb.fn.any('staff.roles')));
  if (filter.departmentCode) query = query.where('staff.departmentCode', '=', filter.departmentCode);
  // starts_with, not LIKE: '_' is a LIKE wildcard and allowed in usernames.
  if (filter.usernamePrefix) query = query.where(sql<boolean>`starts_with(staff.username, ${filter.usernamePrefix})`);
  const [staff, count] = await Promise.all([
    query.orderBy('staff.username').limit(page.pageSize).offset(pageOffset(page)).execute(),
    query.clearSelect().select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { staff, total: Number(count.total) };
}

/** Inserts an account; undefined when the username is taken. */
export async function insertStaff(db: Executor, values: Insertable<StaffTable>): Promise<number | undefined> {
  const row = await db
    .insertInto('staff')
    .values(values)
    .onConflict((conflict) => conflict.column('username').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function updateStaffRow(db: Executor, id: number, changes: Updateable<StaffTable>): Promise<void> {
  await db.updateTable('staff').set(changes).where('id', '=', id).execute();
}

export async function insertStaffSession(db: Executor, session: { id: string; staffId: number; issuedAt: Date; expiresAt: Date }) {
  await db.insertInto('staffSessions').values(session).execute();
}

export async function endStaffSession(db: Executor, sessionId: string, now: Date): Promise<void> {
  await db.updateTable('staffSessions').set({ endedAt: now }).where('id', '=', sessionId).where('endedAt', 'is', null).execute();
}

/** Ends every session of an account not ended yet; returns how many that were. */
export async function endSessionsOfStaff(db: Executor, staffId: number, now: Date): Promise<number> {
  const result = await db
    .updateTable('staffSessions')
    .set({ endedAt: now })
    .where('staffId', '=', staffId)
    .where('endedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
