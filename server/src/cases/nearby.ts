import type { StaffActor } from '../auth/tokens.js';
import { can, caseVisibility } from '../auth/policies.js';
import type { Executor } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { distanceMeters, type LatLng } from '../grids/coordinates.js';
import { findCase, findOpenCasesInBox, type PointBox } from './queries.js';

/** Metres in one degree of latitude on the mean Earth radius that distanceMeters uses. */
const METRES_PER_DEGREE = (6_371_008.8 * Math.PI) / 180;
/** The most cases one answer lists; a reviewer looking for duplicates reads the nearest few. */
const NEARBY_LIMIT = 100;
/** Rows read nearest-first (in plain degrees) before the exact distance sorts them. */
const CANDIDATE_LIMIT = 500;

/**
 * A box that holds the circle: a degree of longitude shrinks towards the pole, so its width is
 * taken at the box's poleward edge, where the circle needs the most degrees.
 */
export function boxAround(point: LatLng, radiusM: number): PointBox {
  const dLat = radiusM / METRES_PER_DEGREE;
  const poleward = Math.min(89, Math.abs(point.lat) + dLat);
  const dLng = dLat / Math.cos((poleward * Math.PI) / 180);
  return { south: point.lat - dLat, north: point.lat + dLat, west: point.lng - dLng, east: point.lng + dLng };
}

/**
 * Unfinished cases of any category within `radiusM` of a case's point, nearest first, for the
 * intake desk to spot duplicates. The case must be one the actor may view (else 404), and so
 * must every case listed: a department handler sees only its own unit's.
 */
export async function findNearbyCases(db: Executor, actor: StaffActor, caseId: number, radiusM: number) {
  const subject = await findCase(db, caseId);
  if (!subject || !can(actor, 'view_case', subject)) throw AppError.notFound('case.not_found', `no case ${caseId}`);
  const visibility = caseVisibility(actor);
  const centre = { lat: subject.lat, lng: subject.lng };
  const candidates = await findOpenCasesInBox(db, {
    box: boxAround(centre, radiusM),
    centre,
    excludeCaseId: caseId,
    onlyDepartmentCode: visibility.scope === 'department' ? visibility.departmentCode : undefined,
    limit: CANDIDATE_LIMIT,
  });
  return candidates
    .map((candidate) => ({ ...candidate, distanceM: distanceMeters(centre, candidate) }))
    .filter((candidate) => candidate.distanceM <= radiusM)
    .sort((a, b) => a.distanceM - b.distanceM || a.id - b.id)
    .slice(0, NEARBY_LIMIT);
}
