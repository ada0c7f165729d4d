/** Every query on the hotline's tables (calls, their events, tickets, callbacks) and callers. */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor, Trx } from '../db/database.js';
import type { HotlineCallEventTable, HotlineCallTable, HotlineTicketTable } from '../db/schema.js';
import type { StoredPhone } from '../users/phone-numbers.js';

export type CallRow = Selectable<HotlineCallTable>;
export type CallEventRow = Selectable<HotlineCallEventTable>;

/**
 * The hotline citizen with this phone hash, created if new; `known` says whether they existed.
 * Concurrent first calls from one number meet on the unique hash and share one citizen.
 */
export async function findOrCreatePhoneCitizen(trx: Executor, phone: StoredPhone, now: Date): Promise<{ id: number; known: boolean }> {
  const created = await trx
    .insertInto('citizens')
    .values({ openid: null, unionid: null, nickname: null, createdAt: now, ...phone })
    .onConflict((conflict) => conflict.column('phoneHash').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (created) return { id: created.id, known: false };
  const existing = await trx.selectFrom('citizens').select('id').where('phoneHash', '=', phone.phoneHash).executeTakeFirstOrThrow();
  return { id: existing.id, known: true };
}

export async function findCitizenByPhoneHash(db: Executor, phoneHash: string) {
  return db.selectFrom('citizens').select('id').where('phoneHash', '=', phoneHash).executeTakeFirst();
}

export async function findCitizenPhone(db: Executor, citizenId: number) {
  return db.selectFrom('citizens').select(['id', 'phoneEncrypted', 'phoneMasked']).where('id', '=', citizenId).executeTakeFirst();
}

/** A caller without a number (anonymous) gets a citizen of their own when their ticket becomes a report. */
export async function insertAnonymousCitizen(trx: Executor, now: Date): Promise<number> {
  const row = await trx.insertInto('citizens').values({ openid: null, unionid: null, nickname: null, createdAt: now }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Records a call unless its callId is known; returns the row and whether this call inserted it. */
export async function insertCall(trx: Executor, call: Insertable<HotlineCallTable>): Promise<{ call: CallRow; created: boolean }> {
  const inserted = await trx
    .insertInto('hotlineCalls')
    .values(call)
    .onConflict((conflict) => conflict.column('callId').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { call: inserted, created: true };
  return { call: (await findCall(trx, call.callId))!, created: false };
}

export async function findCall(db: Executor, callId: string): Promise<CallRow | undefined> {
  return db.selectFrom('hotlineCalls').selectAll().where('callId', '=', callId).executeTakeFirst();
}

/** The call row locked for this transaction: its events and tickets apply one after the other. */
export async function lockCall(trx: Trx, callId: string): Promise<CallRow | undefined> {
  return trx.selectFrom('hotlineCalls').selectAll().where('callId', '=', callId).forUpdate().executeTakeFirst();
}

/** Stores an event unless (call, seq) is known; true when this call stored it. */
export async function insertCallEvent(trx: Executor, event: Insertable<HotlineCallEventTable>): Promise<boolean> {
  const inserted = await trx
    .insertInto('hotlineCallEvents')
    .values(event)
    .onConflict((conflict) => conflict.columns(['callId', 'seq']).doNothing())
    .returning('seq')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function listCallEvents(db: Executor, callRowId: number): Promise<CallEventRow[]> {
  return db.selectFrom('hotlineCallEvents').selectAll().where('callId', '=', callRowId).orderBy('seq').execute();
}

export async function updateCall(trx: Executor, id: number, changes: Partial<Omit<CallRow, 'id'>>): Promise<void> {
  await trx.updateTable('hotlineCalls').set(changes).where('id', '=', id).execute();
}

export async function countCallTickets(db: Executor, callRowId: number): Promise<number> {
  const row = await db.selectFrom('hotlineTickets').select((eb) => eb.fn.countAll<number>().as('count')).where('callId', '=', callRowId).executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Flags the caller's calls still in progress: their progress question was answered. */
export async function markQueryAnswered(db: Executor, citizenId: number): Promise<void> {
  await db.updateTable('hotlineCalls').set({ queryAnswered: true }).where('citizenId', '=', citizenId).where('endedAt', 'is', null).execute();
}

/** Calls started in [from, to), oldest first. */
export async function listCalls(db: Executor, period: { from: Date; to: Date }, page?: { offset: number; limit: number }) {
  let query = db
    .selectFrom('hotlineCalls')
    .selectAll()
    .where('startedAt', '>=', period.from)
    .where('startedAt', '<', period.to)
    .orderBy('startedAt')
    .orderBy('id');
  if (page) query = query.offset(page.offset).limit(page.limit);
  const [rows, total] = await Promise.all([
    query.execute(),
    db
      .selectFrom('hotlineCalls')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('startedAt', '>=', period.from)
      .where('startedAt', '<', period.to)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}

/**
 * Calls waiting for or talking with an agent now. With `extension`, the waiting ones (no agent
 * yet) and those the agent on that extension answered: FreeSWITCH names an agent `1000`,
 * `user/1000` (a bridged dial string) or `1000@default` (a callcenter agent), so both sides are
 * compared by the name after the last '/' and before '@'.
 */
export async function listActiveCalls(db: Executor, extension: string | null): Promise<CallRow[]> {
  let query = db.selectFrom('hotlineCalls').selectAll().where('endedAt', 'is', null).where('queuedAt', 'is not', null);
  if (extension !== null) {
    const agent = sql.ref('hotlineCalls.agent');
    query = query.where((eb) => eb.or([eb('agent', 'is', null), sql<boolean>`split_part(regexp_replace(${agent}, '^.*/', ''), '@', 1) = split_part(${extension}, '@', 1)`]));
  }
  return query.orderBy('queuedAt').limit(50).execute();
}

const ticketColumns = [
  'hotlineTickets.id',
  'hotlineTickets.number',
  'hotlineTickets.callId as callRowId',
  'hotlineCalls.callId',
  'hotlineTickets.citizenId',
  'citizens.phoneMasked',
  'hotlineTickets.createdBy',
  'hotlineTickets.createdByStaffId',
  'hotlineTickets.recordingKey',
  'hotlineTickets.recordingBytes',
  'hotlineTickets.durationMs',
  'hotlineTickets.complete',
  'hotlineTickets.status',
  'hotlineTickets.reportId',
  'reports.caseId',
  'reports.isPrimary',
  'reports.categoryCode',
  'hotlineTickets.completedAt',
  'hotlineTickets.createdAt',
] as const;

function selectTickets(db: Executor) {
  return db
    .selectFrom('hotlineTickets')
    .leftJoin('hotlineCalls', 'hotlineCalls.id', 'hotlineTickets.callId')
    .leftJoin('citizens', 'citizens.id', 'hotlineTickets.citizenId')
    .leftJoin('reports', 'reports.id', 'hotlineTickets.reportId')
    .select(ticketColumns);
}

export type TicketRow = Awaited<ReturnType<typeof findTicket>> & object;

export async function findTicket(db: Executor, id: number) {
  return selectTickets(db).where('hotlineTickets.id', '=', id).executeTakeFirst();
}

export async function findIvrTicketOfCall(db: Executor, callRowId: number) {
  return selectTickets(db).where('hotlineTickets.callId', '=', callRowId).where('hotlineTickets.createdBy', '=', 'ivr').executeTakeFirst();
}

export async function findTicketByNumber(db: Executor, number: string) {
  return selectTickets(db).where('hotlineTickets.number', '=', number).executeTakeFirst();
}

export async function lockTicket(trx: Trx, id: number) {
  return trx.selectFrom('hotlineTickets').select(['id', 'citizenId', 'status', 'reportId']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Tickets by status: open ones oldest first (the queue), completed ones newest first. */
export async function listTickets(db: Executor, status: 'open' | 'completed', page: { offset: number; limit: number }) {
  const [rows, total] = await Promise.all([
    selectTickets(db)
      .where('hotlineTickets.status', '=', status)
      .orderBy('hotlineTickets.createdAt', status === 'open' ? 'asc' : 'desc')
      .orderBy('hotlineTickets.id', status === 'open' ? 'asc' : 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    db.selectFrom('hotlineTickets').select((eb) => eb.fn.countAll<number>().as('count')).where('status', '=', status).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}

/** A caller's tickets and those of a list of calls, newest first: the agent's pop-up history. */
export async function listTicketsOfCitizens(db: Executor, citizenIds: number[]) {
  if (citizenIds.length === 0) return [];
  return selectTickets(db).where('hotlineTickets.citizenId', 'in', citizenIds).orderBy('hotlineTickets.id', 'desc').limit(200).execute();
}

export async function listTicketsOfCalls(db: Executor, callRowIds: number[]) {
  if (callRowIds.length === 0) return [];
  return selectTickets(db).where('hotlineTickets.callId', 'in', callRowIds).orderBy('hotlineTickets.id').execute();
}

/**
 * The next number of the Beijing day `date` (`YYYY-MM-DD`). The day's numbers are handed out
 * under a per-day advisory lock, so concurrent tickets never share one.
 */
export async function nextDailySeq(trx: Trx, date: string): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`hotline-ticket-day:${date}`}, 0))`.execute(trx);
  const row = await trx
    .selectFrom('hotlineTickets')
    .select((eb) => eb.fn.max('dailySeq').as('last'))
    .where('ticketDate', '=', date)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

export async function insertTicket(trx: Executor, ticket: Insertable<HotlineTicketTable>): Promise<number> {
  const row = await trx.insertInto('hotlineTickets').values(ticket).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The cases a citizen reported (or joined), newest report first. */
export async function listCasesOfCitizens(db: Executor, citizenIds: number[]) {
  if (citizenIds.length === 0) return [];
  return db
    .selectFrom('reports')
    .innerJoin('cases', 'cases.id', 'reports.caseId')
    .innerJoin('categories', 'categories.code', 'cases.categoryCode')
    .select(['reports.citizenId', 'reports.id as reportId', 'reports.source', 'reports.createdAt as reportedAt', 'cases.id as caseId', 'cases.status', 'categories.name as categoryName'])
    .where('reports.citizenId', 'in', citizenIds)
    .orderBy('reports.id', 'desc')
    .limit(200)
    .execute();
}

/** The caller's report on this case (reports follow their case through merges). */
export async function findCitizenReportOnCase(db: Executor, citizenId: number, caseId: number) {
  return db
    .selectFrom('reports')
    .innerJoin('cases', 'cases.id', 'reports.caseId')
    .select(['reports.id', 'cases.id as caseId', 'cases.status'])
    .where('reports.citizenId', '=', citizenId)
    .where('reports.caseId', '=', caseId)
    .limit(1)
    .executeTakeFirst();
}

export async function findCaseStatus(db: Executor, caseId: number) {
  return db.selectFrom('cases').select(['id', 'status']).where('id', '=', caseId).executeTakeFirst();
}

/** The reason written for the citizen on the case's latest 不予立案 or 作废 step. */
export async function findPublicReason(db: Executor, caseId: number): Promise<string | null> {
  const row = await db
    .selectFrom('casePublicProgress')
    .select('reason')
    .where('caseId', '=', caseId)
    .where('reason', 'is not', null)
    .orderBy('eventId', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.reason ?? null;
}

/**
 * Streets and communities whose name contains `text`, each with the centre of its grids: where
 * an agent starts looking on the map for an address a caller names.
 */
export async function searchPlaces(db: Executor, text: string) {
  const rows = await db
    .selectFrom('areas')
    .innerJoin('grids', (join) => join.on((eb) => eb.or([eb('grids.communityCode', '=', eb.ref('areas.code')), eb('grids.streetCode', '=', eb.ref('areas.code'))])))
    .leftJoin('areas as parent', 'parent.code', 'areas.parentCode')
    .select([
      'areas.code',
      'areas.name',
      'areas.level',
      'parent.name as parentName',
      // A polygon's `@@` centre is a point (lng, lat).
      sql<number>`avg((@@ grids.boundary)[1])`.as('lat'),
      sql<number>`avg((@@ grids.boundary)[0])`.as('lng'),
    ])
    .where('areas.level', 'in', ['street', 'community'])
    .where('areas.name', 'like', `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`)
    .groupBy(['areas.code', 'areas.name', 'areas.level', 'parent.name'])
    .orderBy('areas.level', 'desc')
    .orderBy('areas.code')
    .limit(20)
    .execute();
  return rows.map((row) => ({ ...row, lat: Number(row.lat), lng: Number(row.lng) }));
}
