/** Reads of `case_ratings` (满意度); writes go through rateCase. */
import type { Executor } from '../db/database.js';

/** The citizen's ratings of these cases. */
export async function listCitizenRatings(db: Executor, citizenId: number, caseIds: readonly number[]) {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('caseRatings')
    .select(['caseId', 'rating', 'comment', 'ratedAt'])
    .where('citizenId', '=', citizenId)
    .where('caseId', 'in', [...new Set(caseIds)])
    .execute();
}

export type RatingRow = Awaited<ReturnType<typeof listCitizenRatings>>[number];
