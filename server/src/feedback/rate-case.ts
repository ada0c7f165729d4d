/**
 * 满意度: a citizen's rating of how their case was closed, given in the mini program or on a
 * hotline callback. One per citizen and case, whichever channel asks first.
 */
import type { Executor } from '../db/database.js';
import type { CaseRating } from '../db/schema.js';

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
 * Callers check that the case is closed.
 */
export async function rateCase(db: Executor, input: RateCaseInput): Promise<{ created: boolean }> {
  const inserted = await db
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
  return { created: inserted !== undefined };
}
