import type { ReportRow } from './queries.js';

/**
 * What a reporter sees of their report: its place, words and the case's public status. Staff
 * fields (request hash, citizen id) never leave the server. Photos are presented by the photos
 * area and passed in.
 */
export function presentReport(report: ReportRow, photos: unknown[]) {
  return {
    id: report.id,
    caseId: report.caseId,
    isPrimary: report.isPrimary,
    status: report.caseStatus,
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
  };
}
