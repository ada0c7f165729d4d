/** Finance review of a batch: exclude lines with a reason, then two approvals by two different people. */
import { recordAudit } from '../audit/record-audit.js';
import type { StaffActor } from '../auth/tokens.js';
import type { Trx } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import { monthRange } from '../rewards/rules.js';
import { lockBatch, lockLine, type BatchRow } from './queries.js';

interface By {
  actor: StaffActor;
  ip: string;
}

export function batchNotFound(batchId: number) {
  return AppError.notFound('settlement.batch_not_found', `no settlement batch ${batchId}`);
}

/** Locks the batch and checks it is in one of the states the action needs. */
export async function lockBatchIn(trx: Trx, batchId: number, states: BatchRow['status'][], doing: string): Promise<BatchRow> {
  const batch = await lockBatch(trx, batchId);
  if (!batch) throw batchNotFound(batchId);
  if (!states.includes(batch.status)) {
    throw AppError.conflict('settlement.wrong_state', `cannot ${doing}: batch ${batchId} is ${batch.status}, and this needs ${states.join(' or ')}`);
  }
  return batch;
}

/**
 * Takes a line out of the batch, before approval (a pending line) or after its payment failed
 * for good: its amount goes back to the citizen's balance (a `settlement_return` entry), to be
 * paid next month unless it was taken back meanwhile.
 */
export async function excludeLine(services: Services, { actor, ip, batchId, lineId, reason }: By & { batchId: number; lineId: number; reason: string }) {
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    const batch = await lockBatchIn(trx, batchId, ['review', 'checking', 'approved', 'paying', 'done'], 'exclude a line');
    const line = await lockLine(trx, batchId, lineId);
    if (!line) throw AppError.notFound('settlement.line_not_found', `no line ${lineId} in batch ${batchId}`);
    const excludable = batch.status === 'review' ? line.status === 'pending' : line.status === 'failed';
    if (!excludable) {
      throw AppError.conflict('settlement.line_not_excludable', `line ${lineId} is ${line.status} in a ${batch.status} batch: only pending lines before approval, or failed ones after, can be excluded`);
    }
    await trx.updateTable('payoutLines').set({ status: 'excluded', excludedReason: reason, excludedBy: actor.staffId }).where('id', '=', lineId).execute();
    await trx
      .insertInto('rewardLedger')
      // Counted in the month the line settled, so that month's statement nets to what was paid.
      .values({ citizenId: line.citizenId, amountFen: line.amountFen, kind: 'settlement_return', cause: 'settlement.line_excluded', payoutLineId: lineId, earnedAt: monthRange(batch.month).start, createdAt: now })
      .execute();
    await recordAudit(trx, { at: now, staffId: actor.staffId, username: actor.username, action: 'settlement.line_excluded', targetType: 'payout_line', targetId: lineId, ip, details: { batchId, reason, amountFen: line.amountFen } });
  });
}

/**
 * The first approval makes the actor the maker (review → checking); the second, by another
 * finance user, the checker (checking → approved). The same person twice is refused with 409
 * `settlement.same_approver`; the table's check constraint holds the line too.
 */
export async function approveBatch(services: Services, { actor, ip, batchId }: By & { batchId: number }): Promise<BatchRow['status']> {
  const now = services.clock.now();
  return services.db.transaction().execute(async (trx) => {
    const batch = await lockBatchIn(trx, batchId, ['review', 'checking'], 'approve');
    const asMaker = batch.status === 'review';
    if (!asMaker && batch.makerId === actor.staffId) {
      throw AppError.conflict('settlement.same_approver', 'the checker must be a different finance user from the maker who approved this batch first');
    }
    const status = asMaker ? 'checking' : 'approved';
    await trx
      .updateTable('settlementBatches')
      .set(asMaker ? { status, makerId: actor.staffId, madeAt: now } : { status, checkerId: actor.staffId, checkedAt: now })
      .where('id', '=', batchId)
      .execute();
    await recordAudit(trx, { at: now, staffId: actor.staffId, username: actor.username, action: asMaker ? 'settlement.approved_as_maker' : 'settlement.approved_as_checker', targetType: 'settlement_batch', targetId: batchId, ip });
    return status;
  });
}

/**
 * The checker sends a batch the maker approved back to review (checking → review), with a
 * reason: the maker's approval is withdrawn, lines can be excluded again, and a maker (the same
 * or another) approves anew. Only someone other than the maker may, as for the checker's approval.
 */
export async function sendBackBatch(services: Services, { actor, ip, batchId, reason }: By & { batchId: number; reason: string }): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    const batch = await lockBatchIn(trx, batchId, ['checking'], 'send back');
    if (batch.makerId === actor.staffId) {
      throw AppError.conflict('settlement.same_approver', 'only a finance user other than the maker who approved this batch can send it back');
    }
    await trx
      .updateTable('settlementBatches')
      .set({ status: 'review', makerId: null, madeAt: null, sentBackBy: actor.staffId, sentBackAt: now, sentBackReason: reason })
      .where('id', '=', batchId)
      .execute();
    await recordAudit(trx, { at: now, staffId: actor.staffId, username: actor.username, action: 'settlement.sent_back', targetType: 'settlement_batch', targetId: batchId, ip, details: { reason, makerId: batch.makerId } });
  });
}
