import type { Trx } from '../db/database.js';
import { lockCitizenRewards, unreversedCredits, insertReversals } from './queries.js';

interface Props {
  caseId: number;
  /** The event topic (case.voided, case.merged; later a fraud flag) that voids the reward. */
  cause: string;
  eventId: number;
  at: Date;
  now: Date;
}

/**
 * Takes back every reward of a case that turned out not to be a valid, separate problem: one
 * reversing entry per credit, never an edit of the credit. Idempotent: a credit is reversed once
 * (unique `reverses_entry_id`). The money comes off the citizen's balance when earned in a month
 * still unsettled, and off the next settlement otherwise.
 */
export async function reverseCaseRewards(trx: Trx, { caseId, cause, eventId, at, now }: Props): Promise<number> {
  const credits = await unreversedCredits(trx, caseId);
  for (const citizenId of new Set(credits.map((credit) => credit.citizenId))) await lockCitizenRewards(trx, citizenId);
  await insertReversals(
    trx,
    credits.map((credit) => ({
      citizenId: credit.citizenId,
      amountFen: -credit.amountFen,
      kind: 'reversal' as const,
      cause,
      caseId,
      ruleVersionId: credit.ruleVersionId,
      reversesEntryId: credit.id,
      eventId,
      streetCode: credit.streetCode,
      categoryCode: credit.categoryCode,
      earnedAt: at,
      createdAt: now,
    })),
  );
  return credits.length;
}
