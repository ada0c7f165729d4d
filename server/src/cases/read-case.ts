import type { Services } from '../services.js';
import type { StaffActor } from '../auth/tokens.js';
import { can } from '../auth/policies.js';
import { AppError } from '../errors/app-error.js';
import { listCasePhotos, listReportPhotos } from '../photos/queries.js';
import { presentPhoto, type PresentedPhoto } from '../photos/present.js';
import type { PhotoUrlSigner } from '../photos/photo-urls.js';
import { findCaseClocks, presentDeadlines } from '../workflow/clocks.js';
import { findPendingExtension, suggestDepartment } from '../workflow/queries.js';
import { possibleActions } from '../workflow/transitions.js';
import { casePolicyResource } from '../workflow/perform-action.js';
import { findCase, listCaseReports, listCaseTimeline } from './queries.js';
import { presentCaseDetail, presentCaseReport, presentTimelineEntry } from './present.js';

/**
 * A case as staff see it: reports with photos, the full timeline, deadlines and lights, the
 * dispatch suggestion, and the actions this person can take on it now. A case the actor may not
 * see is reported as missing.
 */
export async function readCaseDetail(services: Services, actor: StaffActor, caseId: number, signer: PhotoUrlSigner) {
  const { db } = services;
  const row = await findCase(db, caseId);
  if (!row || !can(actor, 'view_case', row)) throw AppError.notFound('case.not_found', `no case ${caseId}`);
  const [reports, timeline, casePhotos, pending, calendar, clocks] = await Promise.all([
    listCaseReports(db, caseId),
    listCaseTimeline(db, caseId),
    listCasePhotos(db, caseId),
    row.pendingExtensionId === null ? null : findPendingExtension(db, caseId),
    services.calendar.get(),
    findCaseClocks(db, caseId),
  ]);
  const reportPhotos = await listReportPhotos(db, reports.map((report) => report.id));
  const present = (photo: Parameters<typeof presentPhoto>[0]): PresentedPhoto => presentPhoto(photo, signer);
  const casePhotosById = new Map(casePhotos.map((photo) => [photo.id, present(photo)]));
  const now = services.clock.now();
  return presentCaseDetail({
    row,
    reports: reports.map((report) =>
      presentCaseReport(report, reportPhotos.filter((photo) => photo.reportId === report.id).map(present)),
    ),
    timeline: timeline.map((entry) => presentTimelineEntry(entry, casePhotosById)),
    deadlines: presentDeadlines(clocks, now, calendar, services.config.workflow.yellowFraction),
    pendingExtension: pending ?? null,
    suggestedDepartmentCode: row.status === 'registered' ? await suggestDepartment(db, row.categoryCode, row.streetCode) : null,
    allowedActions: possibleActions(row).filter((action) =>
      can(actor, action, casePolicyResource(row, pending, services.config.workflow.dispatcherExtensionLimitHours, calendar)),
    ),
  });
}
