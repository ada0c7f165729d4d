import type { Updateable } from 'kysely';
import type { Trx } from '../db/database.js';
import type { CaseStatus, CaseTable } from '../db/schema.js';
import type { Services } from '../services.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { StaffActor } from '../auth/tokens.js';
import { authorize, can, mayEver, type CaseAction, type PolicyResource } from '../auth/policies.js';
import { AppError } from '../errors/app-error.js';
import { recordEvent } from '../queue/outbox.js';
import { recordAudit } from '../audit/record-audit.js';
import { lockCase, type LockedCase } from '../cases/queries.js';
import { EVENT_OF_ACTION, nextStatus } from './transitions.js';
import { appendTimeline, findPendingExtension } from './queries.js';
import type { CaseActionInput } from './schemas.js';
import { ACTION_HANDLERS } from './action-handlers.js';
import { extensionMsOf } from './clocks.js';

/** What a handler gets: the locked case, the validated input, and where it leads. */
export interface ActionContext {
  trx: Trx;
  services: Services;
  actor: StaffActor;
  case: LockedCase;
  input: CaseActionInput;
  toStatus: CaseStatus;
  now: Date;
  calendar: WorkingCalendar;
}

/** What a handler did besides the common writes, for the case row, timeline and event. */
export interface ActionEffect {
  /** Columns of the case to set besides status and version. */
  changes?: Updateable<CaseTable>;
  reason?: string;
  /** The reason as the citizen may read it (不予立案, 作废). */
  publicReason?: string;
  details?: Record<string, unknown>;
  photoIds?: string[];
  /** Extra fields of the outbox event. */
  event?: Record<string, unknown>;
}

export type ActionHandler = (context: ActionContext) => Promise<ActionEffect>;

interface Props {
  actor: StaffActor;
  caseId: number;
  input: CaseActionInput;
  ip?: string;
}

/**
 * Takes one workflow action on a case. In one transaction, under the case's row lock (so two
 * concurrent actions apply one after the other, and the second sees the first's result): checks
 * visibility, version, the state machine and the policy table, applies the action, and writes the
 * state change, a timeline entry, an outbox event and an audit entry together.
 */
export async function performCaseAction(services: Services, { actor, caseId, input, ip }: Props) {
  const { action } = input;
  if (!mayEver(actor, action)) authorize(actor, action);
  const calendar = await services.calendar.get();
  const now = services.clock.now();
  const outcome = await services.db.transaction().execute(async (trx) => {
    // A merge locks both cases; always lower id first, so two opposite merges cannot deadlock.
    if (action === 'merge' && input.intoCaseId! < caseId) await lockCase(trx, input.intoCaseId!);
    const locked = await lockVisibleCase(trx, actor, caseId);
    if (input.expectedVersion !== undefined && input.expectedVersion !== locked.version) {
      throw AppError.conflict('case.version_conflict', `the case changed meanwhile: it is at version ${locked.version}, not ${input.expectedVersion}`);
    }
    const toStatus = nextStatus(action, locked);
    const pending = locked.pendingExtensionId === null ? null : await findPendingExtension(trx, locked.id);
    authorize(actor, action, casePolicyResource(locked, pending, services.config.workflow.dispatcherExtensionLimitHours, calendar));
    const effect = await ACTION_HANDLERS[action]({ trx, services, actor, case: locked, input, toStatus, now, calendar });
    await recordAction(trx, services, { actor, locked, action, toStatus, effect, now, ip });
    return { caseId: locked.id, status: toStatus, version: locked.version + 1 };
  });
  services.relay.kick();
  return outcome;
}

/** Locks the case; a case the actor may not see is reported as missing, not forbidden. */
export async function lockVisibleCase(trx: Trx, actor: StaffActor, caseId: number): Promise<LockedCase> {
  const locked = await lockCase(trx, caseId);
  if (!locked || !can(actor, 'view_case', locked)) throw AppError.notFound('case.not_found', `no case ${caseId}`);
  return locked;
}

type PendingExtension = Awaited<ReturnType<typeof findPendingExtension>>;

/** The case as the policy table sees it, including whether its pending extension fits the dispatcher's limit. */
export function casePolicyResource(
  row: { status: CaseStatus; departmentCode: string | null },
  pending: PendingExtension | null,
  limitHours: number,
  calendar: WorkingCalendar,
): PolicyResource {
  return {
    status: row.status,
    departmentCode: row.departmentCode,
    pendingExtension: pending && {
      ordinal: pending.ordinal,
      // The limit is in working hours, so a day asked for is a working day.
      withinDispatcherLimit: extensionMsOf('working', pending, calendar) <= limitHours * 3_600_000,
    },
  };
}

interface Recorded {
  actor: StaffActor;
  locked: LockedCase;
  action: CaseAction;
  toStatus: CaseStatus;
  effect: ActionEffect;
  now: Date;
  ip?: string;
}

/** The writes every action shares: case row, timeline, outbox event, audit log. */
async function recordAction(trx: Trx, services: Services, { actor, locked, action, toStatus, effect, now, ip }: Recorded) {
  await trx
    .updateTable('cases')
    .set({ ...effect.changes, status: toStatus, version: locked.version + 1 })
    .where('id', '=', locked.id)
    .execute();
  await appendTimeline(trx, {
    caseId: locked.id,
    action,
    fromStatus: locked.status,
    toStatus,
    staffId: actor.staffId,
    role: roleUsed(actor, action),
    at: now,
    reason: effect.reason,
    details: effect.details,
    photoIds: effect.photoIds,
  });
  await recordEvent(trx, services.clock, EVENT_OF_ACTION[action], {
    caseId: locked.id,
    action,
    fromStatus: locked.status,
    toStatus,
    at: now.toISOString(),
    // The unit the case is with after the action: null after 回退 (the event's returnedBy names who returned it).
    departmentCode: effect.changes && 'departmentCode' in effect.changes ? effect.changes.departmentCode : locked.departmentCode,
    ...(effect.publicReason ? { publicReason: effect.publicReason } : {}),
    ...(effect.photoIds?.length ? { photoIds: effect.photoIds } : {}),
    ...effect.event,
  });
  await recordAudit(trx, {
    at: now,
    staffId: actor.staffId,
    username: actor.username,
    action: `case.${action}`,
    targetType: 'case',
    targetId: locked.id,
    ip,
    details: { fromStatus: locked.status, toStatus, ...(effect.reason ? { reason: effect.reason } : {}) },
  });
}

/** The role the action was taken in, for the timeline: the first of the actor's roles that may take it. */
export function roleUsed(actor: StaffActor, action: CaseAction) {
  return actor.roles.find((role) => mayEver({ ...actor, roles: [role] }, action)) ?? actor.roles[0];
}
