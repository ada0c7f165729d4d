import type { PresentedCaseProgress } from '../feedback/present.js';
import type { ReportRow } from './queries.js';

/**
 * What a reporter sees of their report: its place, words and the case's public status and
 * timeline. Staff fields (request hash, citizen id) never leave the server. Photos and the case's
 * progress are presented by their own areas and passed in.
 */
export function presentReport(report: ReportRow, photos: unknown[], caseProgress: PresentedCaseProgress) {
  return {
    id: report.id,
    caseId: report.caseId,
    isPrimary: report.isPrimary,
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
  };
}
