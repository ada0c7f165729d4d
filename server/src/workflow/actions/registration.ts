/** 受理, 核实 and 立案 / 不予立案: deciding whether a report becomes a case to handle. */
import { AppError } from '../../errors/app-error.js';
import { findCategory, type CategoryRow } from '../../taxonomy/queries.js';
import { attachCasePhotos } from '../../photos/queries.js';
import { startStageClock, stopStageClock } from '../clocks.js';
import type { ActionContext, ActionEffect } from '../perform-action.js';

export async function categoryOf(context: ActionContext, code = context.case.categoryCode): Promise<CategoryRow> {
  const category = await findCategory(context.trx, code);
  if (!category) {
    throw AppError.unprocessable('case.unknown_category', `unknown category ${code}`, [{ field: 'categoryCode', message: `no category with code ${code}` }]);
  }
  return category;
}

/** Starts the clock of the stage the case is entering. */
export async function startClock(context: ActionContext, stage: 'accept' | 'register' | 'dispatch' | 'handle', category?: CategoryRow) {
  const { trx, now, calendar } = context;
  return startStageClock(trx, { caseId: context.case.id, stage, category: category ?? (await categoryOf(context)), now, calendar });
}

/** Attaches photos the acting staff member uploaded; each must be theirs and unused. */
export async function attachStaffPhotos(context: ActionContext, photoIds: string[]): Promise<string[]> {
  if (photoIds.length === 0) return [];
  const attached = await attachCasePhotos(context.trx, { caseId: context.case.id, staffId: context.actor.staffId, photoIds });
  if (attached < photoIds.length) {
    throw AppError.unprocessable('case.photo_unavailable', 'each photo must be your own upload, not yet used on a case', [
      { field: 'photoIds', message: `photos not found among your unused uploads: ${photoIds.join(', ')}` },
    ]);
  }
  return photoIds;
}

export async function accept(context: ActionContext): Promise<ActionEffect> {
  await startClock(context, 'register');
  return { details: noteOf(context) };
}

/** Sends a verifier on site before 立案; accepting the case if that had not happened yet. */
export async function requestVerification(context: ActionContext): Promise<ActionEffect> {
  if (context.case.status === 'pending_acceptance') await startClock(context, 'register');
  return { changes: { verificationRequested: true }, details: noteOf(context) };
}

export async function reportVerification(context: ActionContext): Promise<ActionEffect> {
  const photoIds = await attachStaffPhotos(context, context.input.photoIds ?? []);
  return {
    changes: { verificationRequested: false },
    details: { confirmed: context.input.confirmed, note: context.input.note },
    photoIds,
  };
}

/** 立案, optionally correcting the category the citizen chose; the 派遣 clock starts. */
export async function register(context: ActionContext): Promise<ActionEffect> {
  const category = await categoryOf(context, context.input.categoryCode);
  await startClock(context, 'dispatch', category);
  const corrected = category.code !== context.case.categoryCode;
  return {
    changes: corrected ? { categoryCode: category.code } : {},
    details: { ...noteOf(context), ...(corrected ? { categoryCode: category.code, previousCategoryCode: context.case.categoryCode } : {}) },
    event: { categoryCode: category.code },
  };
}

export async function reject(context: ActionContext): Promise<ActionEffect> {
  await stopStageClock(context.trx, context.case.id, context.now);
  return { reason: context.input.reason, publicReason: context.input.reason };
}

export function noteOf(context: ActionContext): Record<string, unknown> {
  return context.input.note ? { note: context.input.note } : {};
}
