/** Reads the reporters' view of cases: the public steps and the photos those steps show. */
import type { Executor } from '../db/database.js';
import { findCasePhotos, type Photo } from '../photos/queries.js';
import { publicStage } from './public-stages.js';
import { listPublicProgress, type PublicProgressRow } from './queries.js';

export interface PublicTimelines {
  rows: PublicProgressRow[];
  /** The staff photos the rows show, looked up on the rows' own cases. */
  photos: Photo[];
}

/** The public timelines of these cases, in two queries however many cases. */
export async function loadPublicTimelines(db: Executor, caseIds: readonly number[]): Promise<PublicTimelines> {
  return withStepPhotos(db, await listPublicProgress(db, [...new Set(caseIds)]));
}

/** Timelines from steps already read, with the photos they show (a query only if one shows any). */
export async function withStepPhotos(db: Executor, rows: PublicProgressRow[]): Promise<PublicTimelines> {
  const showing = rows.filter((row) => publicStage(row.stage).showsPhotos);
  const photos = await findCasePhotos(
    db,
    showing.map((row) => row.caseId),
    showing.flatMap((row) => row.photoIds),
  );
  return { rows, photos };
}
