/** 处置反馈, 结案 and 返工: the unit reports the fix, a verifier checks it on site. */
import { stopStageClock } from '../clocks.js';
import type { ActionContext, ActionEffect } from '../perform-action.js';
import { attachStaffPhotos, noteOf, startClock } from './registration.js';

/** The unit's feedback with after-photos; the 处置 clock stops here (平均处置时长 ends at 反馈). */
export async function handle(context: ActionContext): Promise<ActionEffect> {
  const photoIds = await attachStaffPhotos(context, context.input.photoIds ?? []);
  await stopStageClock(context.trx, context.case.id, context.now);
  return { details: { note: context.input.note }, photoIds };
}

/** 结案: the citizen-progress processor shows the after-photos of the accepted handling with it. */
export async function close(context: ActionContext): Promise<ActionEffect> {
  return { changes: { closedAt: context.now }, details: noteOf(context) };
}

/** 返工: back to the same unit on a fresh 处置 clock, counted against it. */
export async function rework(context: ActionContext): Promise<ActionEffect> {
  await startClock(context, 'handle');
  return {
    changes: { reworkCount: context.case.reworkCount + 1 },
    reason: context.input.reason,
    details: { departmentCode: context.case.departmentCode },
  };
}
