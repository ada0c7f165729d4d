import type { Executor } from '../db/database.js';
import { presentCaseProgress, presentRating } from '../feedback/present.js';
import { loadPublicTimelines, withStepPhotos } from '../feedback/public-timeline.js';
import type { PublicProgressRow } from '../feedback/queries.js';
import { listCitizenRatings } from '../feedback/rating-queries.js';
import type { PhotoUrlSigner } from '../photos/photo-urls.js';
import { presentPhoto } from '../photos/present.js';
import { listReportPhotos } from '../photos/queries.js';
import { presentReport, type PresentedReport } from './present.js';
import type { IntakePhoto, ReportRow } from './queries.js';

/** What the caller already knows, so presenting a report just taken reads nothing it has. */
export interface AlreadyKnown {
  /** The reports' photos, as intake returned them. */
  photos: IntakePhoto[];
  /** The public steps of the reports' cases, as intake returned them. */
  timeline: PublicProgressRow[];
}

/** One citizen's reports as they see them: their photos, their cases' progress and their ratings. */
export async function presentCitizenReports(
  db: Executor,
  signer: PhotoUrlSigner,
  citizenId: number,
  reports: ReportRow[],
  known?: AlreadyKnown,
): Promise<PresentedReport[]> {
  const caseIds = reports.map((report) => report.caseId);
  const [photos, timelines, ratings] = await Promise.all([
    known?.photos ?? listReportPhotos(db, reports.map((report) => report.id)),
    known ? withStepPhotos(db, known.timeline) : loadPublicTimelines(db, caseIds),
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
