/**
 * 满意度: a citizen's rating of how their case was closed, given in the mini program or on a
 * hotline callback. One per citizen and case, whichever channel asks first.
 */
import type { Clock } from '../config/clock.js';
import type { Trx } from '../db/database.js';
import type { CaseRating } from '../db/schema.js';
import { recordEvent } from '../queue/outbox.js';

export interface RateCaseInput {
  caseId: number;
  citizenId: number;
  /** The report it was given on; null for a hotline callback that names none. */
  reportId: number | null;
  channel: 'miniapp' | 'hotline_callback';
  rating: CaseRating;
  comment: string | null;
  at: Date;
}

/**
 * Records the rating unless this citizen already rated this case; a second call changes nothing
 * and answers `created: false` (the unique (case, citizen) key decides under concurrency too).
 * A new rating confirms the fix: `case.rated` commits with it, whichever channel asked, for the
 * reward processor's confirmation bonus. Callers check that the case is closed.
 */
export async function rateCase(trx: Trx, clock: Clock, input: RateCaseInput): Promise<{ created: boolean }> {
  const inserted = await trx
    .insertInto('caseRatings')
    .values({
      caseId: input.caseId,
      citizenId: input.citizenId,
      reportId: input.reportId,
      channel: input.channel,
      rating: input.rating,
      comment: input.comment,
      ratedAt: input.at,
    })
    .onConflict((conflict) => conflict.columns(['caseId', 'citizenId']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return { created: false };
  const { caseId, citizenId, reportId, rating, at } = input;
  await recordEvent(trx, clock, 'case.rated', { caseId, citizenId, reportId, rating, at: at.toISOString() });
  return { created: true };
}
