/**
 * Deductions follow the reward: a case in a contracted area whose first valid reporter was paid
 * costs each contractor covering it the same amount, in the month of its 立案; once the reward is
 * reversed, so is every deduction of the case. Both are idempotent.
 */
import type { Trx } from '../db/database.js';
import { caseReward, contractsCovering, findCase, insertDeductions, insertReversals, lockCaseDeductions, unreversedDeductions } from './queries.js';

interface Props {
  caseId: number;
  eventId: number;
  /** When the event happened: a reversal counts in this month. */
  at: Date;
  now: Date;
}

/**
 * Records the deductions of a case whose reward has been credited (and not reversed): the
 * contract in force at 立案 decides who pays. Nothing when the reward came to 0 分 (an excluded
 * citizen or source, or a cap) or no contract covers the case.
 */
export async function deductForCase(trx: Trx, { caseId, eventId, now }: Props): Promise<number> {
  await lockCaseDeductions(trx, caseId);
  const reward = await caseReward(trx, caseId);
  if (reward.creditedFen <= 0 || reward.reversed || reward.earnedAt === null) return 0;
  const [found, contracts] = await Promise.all([findCase(trx, caseId), contractsCovering(trx, caseId, reward.earnedAt)]);
  if (!found) return 0;
  await insertDeductions(
    trx,
    contracts.map((contract) => ({
      contractorId: contract.contractorId,
      caseId,
      amountFen: reward.creditedFen,
      kind: 'deduction' as const,
      areaId: contract.areaId,
      categoryCode: found.categoryCode,
      gridCode: found.gridCode,
      streetCode: found.streetCode,
      eventId,
      occurredAt: reward.earnedAt!,
      createdAt: now,
    })),
  );
  return contracts.length;
}

/** Reverses the case's deductions once its reward has been reversed: one entry each, never an edit. */
export async function reverseForCase(trx: Trx, { caseId, eventId, at, now }: Props): Promise<number> {
  await lockCaseDeductions(trx, caseId);
  const reward = await caseReward(trx, caseId);
  if (!reward.reversed) return 0;
  const deductions = await unreversedDeductions(trx, caseId);
  await insertReversals(
    trx,
    deductions.map((deduction) => ({
      contractorId: deduction.contractorId,
      caseId,
      amountFen: -deduction.amountFen,
      kind: 'reversal' as const,
      reversesId: deduction.id,
      areaId: deduction.areaId,
      categoryCode: deduction.categoryCode,
      gridCode: deduction.gridCode,
      streetCode: deduction.streetCode,
      eventId,
      occurredAt: at,
      createdAt: now,
    })),
  );
  return deductions.length;
}
