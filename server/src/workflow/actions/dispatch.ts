/** 派遣, 回退, 挂账, 催办/督办 and 作废: the dispatcher's side of the workflow. */
import { AppError } from '../../errors/app-error.js';
import { pauseStageClock, resumeStageClock, stopStageClock } from '../clocks.js';
import { insertDispatch, markDispatchReturned, suggestDepartment } from '../queries.js';
import { findDepartment } from '../../taxonomy/queries.js';
import type { ActionContext, ActionEffect } from '../perform-action.js';
import { dropPendingExtension } from './extension.js';
import { noteOf, startClock } from './registration.js';

/** Sends the case to a unit; the system's suggestion is kept beside the choice for accuracy. */
export async function dispatch(context: ActionContext): Promise<ActionEffect> {
  const { trx, input, now } = context;
  const department = await findDepartment(trx, input.departmentCode!);
  if (!department) {
    throw AppError.unprocessable('case.unknown_department', `unknown department ${input.departmentCode}`, [
      { field: 'departmentCode', message: `no handling unit with code ${input.departmentCode}` },
    ]);
  }
  const suggested = await suggestDepartment(trx, context.case.categoryCode, context.case.streetCode);
  await insertDispatch(trx, {
    caseId: context.case.id,
    departmentCode: department.code,
    suggestedDepartmentCode: suggested,
    dispatchedBy: context.actor.staffId,
    dispatchedAt: now,
  });
  await startClock(context, 'handle');
  return {
    changes: { departmentCode: department.code },
    details: { ...noteOf(context), departmentCode: department.code, suggestedDepartmentCode: suggested, overridden: suggested !== department.code },
  };
}

/** 回退: the unit hands back a mis-dispatch; the centre re-dispatches on a fresh 派遣 clock. */
export async function returnCase(context: ActionContext): Promise<ActionEffect> {
  const { trx, input, now } = context;
  await markDispatchReturned(trx, context.case.id, now, input.reason!);
  await startClock(context, 'dispatch');
  return {
    changes: { departmentCode: null, returnCount: context.case.returnCount + 1 },
    reason: input.reason,
    details: { departmentCode: context.case.departmentCode },
    event: { returnedBy: context.case.departmentCode },
  };
}

/** 挂账: a long-term problem leaves the clock until its review date. */
export async function hang(context: ActionContext): Promise<ActionEffect> {
  const { trx, input, now, calendar } = context;
  if (input.reviewOn! <= calendar.describeDay(now).date) {
    throw AppError.unprocessable('case.review_date_past', 'reviewOn must be a future date', [{ field: 'reviewOn', message: 'must be after today' }]);
  }
  await pauseStageClock(trx, context.case.id, now, calendar);
  return {
    changes: { hungFromStatus: context.case.status, hungReviewOn: input.reviewOn },
    reason: input.reason,
    details: { reviewOn: input.reviewOn },
  };
}

export async function unhang(context: ActionContext): Promise<ActionEffect> {
  await resumeStageClock(context.trx, context.case.id, context.now, context.calendar, context.services.config.workflow.yellowFraction);
  return { changes: { hungFromStatus: null, hungReviewOn: null }, details: noteOf(context) };
}

/** 催办 and 督办 change nothing but are recorded and notified (the event). */
export async function urge(context: ActionContext): Promise<ActionEffect> {
  return { details: noteOf(context), event: { note: context.input.note ?? null } };
}

export async function voidCase(context: ActionContext): Promise<ActionEffect> {
  await stopStageClock(context.trx, context.case.id, context.now);
  await dropPendingExtension(context);
  return {
    reason: context.input.reason,
    publicReason: context.input.reason,
    changes: { hungFromStatus: null, hungReviewOn: null, pendingExtensionId: null },
  };
}
