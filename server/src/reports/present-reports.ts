import type { Executor } from '../db/database.js';
import { presentCaseProgress, presentRating } from '../feedback/present.js';
import { loadPublicTimelines } from '../feedback/public-timeline.js';
import { listCitizenRatings } from '../feedback/rating-queries.js';
import type { PhotoUrlSigner } from '../photos/photo-urls.js';
import { presentPhoto } from '../photos/present.js';
import { listReportPhotos } from '../photos/queries.js';
import { presentReport, type PresentedReport } from './present.js';
import type { IntakePhoto, ReportRow } from './queries.js';

/** What the caller already knows, so presenting a report just taken reads nothing it has. */
export interface AlreadyKnown {
  /** The cases these reports founded a moment ago, which have no public step yet. */
  justFounded?: readonly number[];
  /** The reports' photos, as intake returned them. */
  photos?: IntakePhoto[];
}

/** One citizen's reports as they see them: their photos, their cases' progress and their ratings. */
export async function presentCitizenReports(
  db: Executor,
  signer: PhotoUrlSigner,
  citizenId: number,
  reports: ReportRow[],
  { justFounded = [], photos: knownPhotos }: AlreadyKnown = {},
): Promise<PresentedReport[]> {
  const caseIds = reports.map((report) => report.caseId);
  const [photos, timelines, ratings] = await Promise.all([
    knownPhotos ?? listReportPhotos(db, reports.map((report) => report.id)),
    loadPublicTimelines(db, caseIds.filter((caseId) => !justFounded.includes(caseId))),
    // Only a closed case can have been rated: a report just taken needs no ratings query.
    listCitizenRatings(db, citizenId, reports.filter((report) => report.caseStatus === 'closed').map((report) => report.caseId)),
  ]);
  return reports.map((report) => {
    const rating = ratings.find((row) => row.caseId === report.caseId);
    return presentReport(
      report,
      photos.filter((photo) => photo.reportId === report.id).map((photo) => presentPhoto(photo, signer)),
      presentCaseProgress({ id: report.caseId, status: report.caseStatus }, timelines, signer),
      rating ? presentRating(rating) : null,
    );
  });
}
