/** What a reporter sees of the case behind their report. */
import type { Config, SubscribePurpose } from '../config/config.js';
import type { CaseStatus } from '../db/schema.js';
import type { PhotoUrlSigner } from '../photos/photo-urls.js';
import { presentPublicPhoto, type PresentedPublicPhoto } from '../photos/present.js';
import { PUBLIC_STATUSES, publicStage, type PublicCaseStatus } from './public-stages.js';
import type { PublicProgressRow } from './queries.js';
import type { PublicTimelines } from './public-timeline.js';
import type { RatingRow } from './rating-queries.js';

export interface PresentedCaseProgress {
  status: PublicCaseStatus;
  statusLabel: string;
  timeline: PresentedStep[];
}

export interface PresentedStep {
  stage: string;
  label: string;
  at: string;
  /** The reason written for the citizen (不予立案, 作废). */
  reason?: string;
  /** After-photos, on 结案: stripped copies, no EXIF. */
  photos?: PresentedPublicPhoto[];
}

/**
 * The case's public status and timeline. Built only from the public projection and the case's
 * state, so staff names, roles, units and internal notes cannot reach it.
 */
export function presentCaseProgress(
  theCase: { id: number; status: CaseStatus },
  timelines: PublicTimelines,
  signer: PhotoUrlSigner,
): PresentedCaseProgress {
  const { status, label } = PUBLIC_STATUSES[theCase.status];
  const rows = timelines.rows.filter((row) => row.caseId === theCase.id);
  return { status, statusLabel: label, timeline: rows.map((row) => presentStep(row, timelines, signer)) };
}

function presentStep(row: PublicProgressRow, { photos }: PublicTimelines, signer: PhotoUrlSigner): PresentedStep {
  const stage = publicStage(row.stage);
  const shown = stage.showsPhotos
    ? row.photoIds.flatMap((id) => photos.filter((photo) => photo.id === id && photo.caseId === row.caseId))
    : [];
  return {
    stage: row.stage,
    label: stage.label,
    at: new Date(row.at).toISOString(),
    ...(row.reason ? { reason: row.reason } : {}),
    ...(shown.length > 0 ? { photos: shown.map((photo) => presentPublicPhoto(photo, signer)) } : {}),
  };
}

/** A citizen's own rating of their case's outcome. */
export function presentRating(row: Pick<RatingRow, 'rating' | 'comment' | 'ratedAt'>) {
  return { rating: row.rating, comment: row.comment, ratedAt: new Date(row.ratedAt).toISOString() };
}

export type PresentedRating = ReturnType<typeof presentRating>;

/** What the mini program needs before login: subscribe templates, demo mode, the privacy contact. */
export function presentMiniappConfig(config: Pick<Config, 'demoMode' | 'miniapp'>) {
  const templates = config.miniapp.subscribeTemplates;
  return {
    subscribeTemplates: (Object.keys(templates) as SubscribePurpose[]).map((purpose) => ({ id: templates[purpose], purpose })),
    demoMode: config.demoMode,
    privacyContact: config.miniapp.privacyContact,
  };
}

export type PresentedMiniappConfig = ReturnType<typeof presentMiniappConfig>;
