/**
 * "已有市民上报": before a citizen reports, the open cases of the same category around their pin,
 * so they can 关注 one instead of reporting it again. Found the way dedup finds a match (H3
 * cells, the same partial index), but in any age and a little wider.
 */
import type { Executor } from '../db/database.js';
import type { CoordSystem } from '../db/schema.js';
import { AppError } from '../errors/app-error.js';
import { toWgs84 } from '../grids/coordinates.js';
import { findOpenCasesNear } from '../dedup/queries.js';
import { searchCells } from '../dedup/spatial.js';
import { findCategory } from '../taxonomy/queries.js';
import { findOpenCaseCards } from './queries.js';

/** A pin dropped a little off the spot still finds the case: never search closer than this. */
const MIN_RADIUS_M = 100;
/** A phone screen's worth. */
const NEARBY_OPEN_LIMIT = 10;

export interface NearbyOpenQuery {
  categoryCode: string;
  lat: number;
  lng: number;
  coordSystem: CoordSystem;
}

/** Open cases (not 结案, 不予立案, 作废) of the category near the point, nearest first. */
export async function findNearbyOpenCases(db: Executor, citizenId: number, query: NearbyOpenQuery) {
  const category = await findCategory(db, query.categoryCode);
  if (!category) {
    throw AppError.unprocessable('report.unknown_category', `unknown category ${query.categoryCode}`, [
      { field: 'categoryCode', message: `no category with code ${query.categoryCode}` },
    ]);
  }
  const point = toWgs84(query, query.coordSystem);
  const radiusM = Math.max(category.dedupRadiusM, MIN_RADIUS_M);
  const near = await findOpenCasesNear(db, {
    categoryCode: category.code,
    point,
    cells: searchCells(point, radiusM),
    radiusM,
    limit: NEARBY_OPEN_LIMIT,
  });
  const cards = await findOpenCaseCards(db, near.map((candidate) => candidate.id), citizenId);
  const distances = new Map(near.map((candidate) => [candidate.id, candidate.distanceM]));
  return cards.map((card) => ({ ...card, distanceM: distances.get(card.id)! }));
}

export type NearbyOpenCase = Awaited<ReturnType<typeof findNearbyOpenCases>>[number];
