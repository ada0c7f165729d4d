/** What staff see of a case. Reporters are masked: staff identify a reporter by case, not by openid. */
import type { PresentedPhoto } from '../photos/present.js';
import { maskOpenid } from '../users/present.js';
import { ACTION_LABELS, STATUS_LABELS } from '../workflow/transitions.js';
import type { CaseAction, PolicyAction } from '../auth/policies.js';
import type { CaseListRow, listCaseReports, listCaseTimeline } from './queries.js';
import type { findNearbyCases } from './nearby.js';
import type { NearbyOpenCase } from './nearby-open.js';
import type { PhotoUrlSigner } from '../photos/photo-urls.js';
import { PUBLIC_STATUSES } from '../feedback/public-stages.js';
import type { presentDeadlines } from '../workflow/clocks.js';
import type { findPendingExtension } from '../workflow/queries.js';

type PendingExtension = NonNullable<Awaited<ReturnType<typeof findPendingExtension>>>;

type CaseReportRow = Awaited<ReturnType<typeof listCaseReports>>[number];
type TimelineRow = Awaited<ReturnType<typeof listCaseTimeline>>[number];

/** A case in a list: enough for a queue row (light, category, street, reporters, deadline). */
export function presentCaseSummary(row: CaseListRow) {
  return {
    id: row.id,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    categoryCode: row.categoryCode,
    categoryName: row.categoryName,
    categoryKind: row.categoryKind,
    gridCode: row.gridCode,
    street: { code: row.streetCode, name: row.streetName },
    departmentCode: row.departmentCode,
    light: row.light,
    dueAt: row.dueAt?.toISOString() ?? null,
    reporterCount: row.reporterCount,
    point: { lat: row.lat, lng: row.lng, coordSystem: 'wgs84' as const },
    openedAt: row.openedAt.toISOString(),
    lastReportedAt: row.lastReportedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    version: row.version,
  };
}

export function presentCaseReport(report: CaseReportRow, photos: PresentedPhoto[]) {
  return {
    id: report.id,
    isPrimary: report.isPrimary,
    source: report.source,
    // A hotline caller's number is stored masked beside its ciphertext; the clear one is an audited reveal.
    reporter: { citizenId: report.citizenId, openid: maskOpenid(report.openid), nickname: report.nickname, phone: report.phoneMasked },
    categoryCode: report.categoryCode,
    point: { lat: report.lat, lng: report.lng, coordSystem: 'wgs84' as const },
    gridCode: report.gridCode,
    description: report.description,
    address: report.address,
    createdAt: report.createdAt.toISOString(),
    photos,
  };
}

export function presentTimelineEntry(entry: TimelineRow, photosById: Map<string, PresentedPhoto>) {
  const action = entry.action as CaseAction;
  return {
    id: entry.id,
    action,
    actionLabel: ACTION_LABELS[action] ?? entry.action,
    fromStatus: entry.fromStatus,
    toStatus: entry.toStatus,
    at: entry.at.toISOString(),
    actor: entry.actorKind === 'staff' ? { staffId: entry.staffId, name: entry.staffName, role: entry.role } : { system: true },
    reason: entry.reason,
    details: entry.details,
    photos: entry.photoIds.flatMap((id) => photosById.get(id) ?? []),
  };
}

export interface CaseDetailParts {
  row: CaseListRow & {
    verificationRequested: boolean;
    pendingExtensionId: number | null;
    hungReviewOn: string | null;
    mergedIntoCaseId: number | null;
    returnCount: number;
    reworkCount: number;
  };
  reports: ReturnType<typeof presentCaseReport>[];
  timeline: ReturnType<typeof presentTimelineEntry>[];
  deadlines: ReturnType<typeof presentDeadlines>;
  pendingExtension: PendingExtension | null;
  suggestedDepartmentCode: string | null;
  allowedActions: PolicyAction[];
}

export function presentCaseDetail(parts: CaseDetailParts) {
  const { row } = parts;
  return {
    ...presentCaseSummary(row),
    lights: { current: row.light, dueAt: row.dueAt?.toISOString() ?? null },
    deadlines: parts.deadlines,
    verificationRequested: row.verificationRequested,
    pendingExtension: parts.pendingExtension && { ...parts.pendingExtension, requestedAt: parts.pendingExtension.requestedAt.toISOString() },
    hungReviewOn: row.hungReviewOn,
    mergedIntoCaseId: row.mergedIntoCaseId,
    returnCount: row.returnCount,
    reworkCount: row.reworkCount,
    suggestedDepartmentCode: parts.suggestedDepartmentCode,
    allowedActions: parts.allowedActions,
    reports: parts.reports,
    timeline: parts.timeline,
  };
}

type NearbyCase = Awaited<ReturnType<typeof findNearbyCases>>[number];

/** A case near another one, for spotting duplicates: what it is, how far, how urgent. */
export function presentNearbyCase(row: NearbyCase) {
  return {
    id: row.id,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    categoryCode: row.categoryCode,
    categoryName: row.categoryName,
    light: row.light,
    distanceM: Math.round(row.distanceM),
    point: { lat: row.lat, lng: row.lng, coordSystem: 'wgs84' as const },
    reporterCount: row.reporterCount,
    openedAt: row.openedAt.toISOString(),
  };
}

/**
 * An open case as another citizen sees it before reporting: what, how far, its public status and
 * a stripped thumbnail. No reporter, description or exact point: identity stays apart from place.
 */
export function presentNearbyOpenCase(row: NearbyOpenCase, signer: PhotoUrlSigner) {
  const { status, label } = PUBLIC_STATUSES[row.status];
  return {
    id: row.id,
    categoryCode: row.categoryCode,
    categoryName: row.categoryName,
    publicStatus: status,
    publicStatusText: label,
    distanceM: Math.round(row.distanceM),
    openedAt: row.openedAt.toISOString(),
    supporterCount: row.reporterCount,
    thumbUrl: row.primaryPhotoId ? signer(row.primaryPhotoId, 'thumb') : null,
    followedByMe: row.followedByMe,
    reportedByMe: row.reportedByMe,
  };
}

export type PresentedNearbyOpenCase = ReturnType<typeof presentNearbyOpenCase>;
