import type { PresentedCaseProgress, PresentedRating } from '../feedback/present.js';
import type { PresentedPhoto } from '../photos/present.js';
import { PUBLIC_STATUSES } from '../feedback/public-stages.js';
import type { countReportsOfCitizen, listLatestProgressOfCitizen, ReportRow } from './queries.js';

/**
 * What a reporter sees of their report: its place, words and the case's public status and
 * timeline. Staff fields (request hash, citizen id) never leave the server. Photos and the case's
 * progress are presented by their own areas and passed in.
 */
export function presentReport(report: ReportRow, photos: PresentedPhoto[], caseProgress: PresentedCaseProgress, rating: PresentedRating | null) {
  return {
    id: report.id,
    caseId: report.caseId,
    isPrimary: report.isPrimary,
    /** The key the phone sent it under: its outbox knows by this that the server already has it. */
    idempotencyKey: report.idempotencyKey,
    /** 'follow': a 关注 of a case someone else reported. */
    kind: report.kind,
    // The public status code (as in `case`): a citizen never sees internal state codes.
    status: caseProgress.status,
    source: report.source,
    categoryCode: report.categoryCode,
    gridCode: report.gridCode,
    lat: report.lat,
    lng: report.lng,
    coordSystem: report.coordSystem,
    description: report.description,
    address: report.address,
    photos,
    createdAt: new Date(report.createdAt).toISOString(),
    case: caseProgress,
    /** The citizen's 满意度 of the case, given once after 结案. */
    rating,
    canRate: report.caseStatus === 'closed' && rating === null,
  };
}

export type PresentedReport = ReturnType<typeof presentReport>;

/** The home page's 我的上报 at a glance, in public status words only. */
export function presentReportSummary(
  counts: Awaited<ReturnType<typeof countReportsOfCitizen>>,
  latest: Awaited<ReturnType<typeof listLatestProgressOfCitizen>>,
) {
  return {
    counts,
    latest: latest.map((row) => ({
      reportId: row.reportId,
      caseId: row.caseId,
      publicStatus: PUBLIC_STATUSES[row.status].status,
      publicStatusText: PUBLIC_STATUSES[row.status].label,
      at: new Date(row.at).toISOString(),
    })),
  };
}

export type PresentedReportSummary = ReturnType<typeof presentReportSummary>;
