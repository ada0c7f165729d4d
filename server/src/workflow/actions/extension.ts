/** 延期: the unit asks for more time; the dispatcher (first, within the limit) or a supervisor decides. */
import { decideExtension, findPendingExtension, insertExtension } from '../queries.js';
import { extendStageClock } from '../clocks.js';
import type { ActionContext, ActionEffect } from '../perform-action.js';
import { noteOf } from './registration.js';

export async function requestExtension(context: ActionContext): Promise<ActionEffect> {
  const { input } = context;
  const [amount, unit] = input.hours !== undefined ? [input.hours, 'hours' as const] : [input.days!, 'days' as const];
  const extension = await insertExtension(context.trx, {
    caseId: context.case.id,
    amount,
    unit,
    reason: input.reason!,
    requestedBy: context.actor.staffId,
    requestedAt: context.now,
  });
  return {
    changes: { pendingExtensionId: extension.id },
    reason: input.reason,
    details: { extensionId: extension.id, ordinal: extension.ordinal, amount, unit },
    event: { extensionId: extension.id, ordinal: extension.ordinal, amount, unit },
  };
}

/** The deadline moves by the extension: the clock does not run during the granted time. */
export async function approveExtension(context: ActionContext): Promise<ActionEffect> {
  const pending = (await findPendingExtension(context.trx, context.case.id))!;
  await decideExtension(context.trx, { id: pending.id, status: 'approved', decidedBy: context.actor.staffId, decidedAt: context.now });
  const extension = { amount: pending.amount, unit: pending.unit };
  const { yellowFraction } = context.services.config.workflow;
  const { dueAt } = await extendStageClock(context.trx, context.case.id, extension, context.now, context.calendar, yellowFraction);
  return {
    changes: { pendingExtensionId: null },
    details: { ...noteOf(context), extensionId: pending.id, ordinal: pending.ordinal, amount: pending.amount, unit: pending.unit, dueAt },
    event: { extensionId: pending.id, dueAt },
  };
}

export async function denyExtension(context: ActionContext): Promise<ActionEffect> {
  const pending = (await findPendingExtension(context.trx, context.case.id))!;
  await decideExtension(context.trx, { id: pending.id, status: 'denied', decidedBy: context.actor.staffId, decidedAt: context.now });
  return { changes: { pendingExtensionId: null }, reason: context.input.reason, details: { extensionId: pending.id }, event: { extensionId: pending.id } };
}

/** A case leaving the workflow (作废, 合并) takes its open extension request with it, denied. */
export async function dropPendingExtension(context: ActionContext): Promise<void> {
  if (context.case.pendingExtensionId === null) return;
  await decideExtension(context.trx, { id: context.case.pendingExtensionId, status: 'denied', decidedBy: context.actor.staffId, decidedAt: context.now });
}
