import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { CaseStatus, StaffRole } from '../db/schema.js';

/** The extension request awaiting a decision on a case, if any. */
export async function findPendingExtension(db: Executor, caseId: number) {
  return db
    .selectFrom('caseExtensions')
    .select(['id', 'ordinal', 'amount', 'unit', 'reason', 'requestedAt'])
    .where('caseId', '=', caseId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

export interface NewExtension {
  caseId: number;
  amount: number;
  unit: 'hours' | 'days';
  reason: string;
  requestedBy: number;
  requestedAt: Date;
}

/** Files the next extension request of a case (the first is ordinal 1). Runs under the case lock. */
export async function insertExtension(trx: Executor, extension: NewExtension): Promise<{ id: number; ordinal: number }> {
  return trx
    .insertInto('caseExtensions')
    .values((eb) => ({
      ...extension,
      ordinal: eb
        .selectFrom('caseExtensions')
        .select(sql<number>`coalesce(max(ordinal), 0) + 1`.as('next'))
        .where('caseId', '=', extension.caseId),
    }))
    .returning(['id', 'ordinal'])
    .executeTakeFirstOrThrow();
}

export async function decideExtension(
  trx: Executor,
  decision: { id: number; status: 'approved' | 'denied'; decidedBy: number; decidedAt: Date },
) {
  await trx
    .updateTable('caseExtensions')
    .set({ status: decision.status, decidedBy: decision.decidedBy, decidedAt: decision.decidedAt })
    .where('id', '=', decision.id)
    .execute();
}

/**
 * The unit a case should go to: the street's own rule for the category if it has one, else the
 * category's default; a default that is a street office means "the office of the case's street".
 */
export async function suggestDepartment(db: Executor, categoryCode: string, streetCode: string): Promise<string> {
  const rule = await db
    .selectFrom('dispatchRules')
    .select('departmentCode')
    .where('categoryCode', '=', categoryCode)
    .where('streetCode', '=', streetCode)
    .executeTakeFirst();
  if (rule) return rule.departmentCode;
  const { departmentCode, kind } = await db
    .selectFrom('categories')
    .innerJoin('departments', 'departments.code', 'categories.departmentCode')
    .select(['categories.departmentCode', 'departments.kind'])
    .where('categories.code', '=', categoryCode)
    .executeTakeFirstOrThrow();
  if (kind !== 'street_office') return departmentCode;
  const office = await db
    .selectFrom('departments')
    .select('code')
    .where('kind', '=', 'street_office')
    .where('streetCode', '=', streetCode)
    .executeTakeFirst();
  return office?.code ?? departmentCode;
}

export async function insertDispatch(
  trx: Executor,
  dispatch: { caseId: number; departmentCode: string; suggestedDepartmentCode: string; dispatchedBy: number; dispatchedAt: Date },
) {
  await trx.insertInto('caseDispatches').values(dispatch).execute();
}

/** Marks the case's current dispatch as returned (回退): it counts against dispatch accuracy. */
export async function markDispatchReturned(trx: Executor, caseId: number, returnedAt: Date, reason: string) {
  await trx
    .updateTable('caseDispatches')
    .set({ returnedAt, returnReason: reason })
    .where('id', '=', (eb) => eb.selectFrom('caseDispatches').select((inner) => inner.fn.max('id').as('id')).where('caseId', '=', caseId))
    .execute();
}

export interface TimelineEntry {
  caseId: number;
  action: string;
  fromStatus: CaseStatus;
  toStatus: CaseStatus;
  staffId: number;
  role: StaffRole;
  at: Date;
  reason?: string;
  details?: Record<string, unknown>;
  photoIds?: string[];
}

/** Appends to a case's timeline (append-only: rows are never updated or deleted). */
export async function appendTimeline(trx: Executor, entry: TimelineEntry): Promise<void> {
  await trx
    .insertInto('caseTimeline')
    .values({
      ...entry,
      actorKind: 'staff',
      reason: entry.reason ?? null,
      details: JSON.stringify(entry.details ?? {}),
      photoIds: entry.photoIds ?? [],
    })
    .execute();
}

/** Bumps a case's version when an action on another case changed it (merge target). */
export async function bumpCaseVersion(trx: Executor, caseId: number): Promise<void> {
  await trx
    .updateTable('cases')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', caseId)
    .execute();
}
