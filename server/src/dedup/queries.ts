import { sql } from 'kysely';
import type { Executor, Trx } from '../db/database.js';
import { dedupLockKey } from './spatial.js';
import type { LatLng } from '../grids/coordinates.js';

/**
 * Open = any state before 结案 / 不予立案 / 作废. Written as literals (not parameters) so the
 * planner matches the predicate of the partial index `cases_open_by_cell`.
 */
export const isOpenCase = sql<boolean>`status not in ('closed', 'rejected', 'voided')`;

/**
 * Takes the advisory locks of every searched cell, in sorted order (no deadlocks), for the rest
 * of the transaction. Two reports whose search areas overlap share at least one key.
 */
export async function lockDedupCells(trx: Trx, categoryCode: string, cells: string[]): Promise<void> {
  const keys = cells.map((cell) => dedupLockKey(categoryCode, cell)).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  await sql`select pg_advisory_xact_lock(k) from unnest(${keys}::bigint[]) with ordinality as t(k, n) order by n`.execute(trx);
}

export interface CaseCandidate {
  id: number;
  distanceM: number;
}

export interface OpenCaseSearch {
  categoryCode: string;
  point: LatLng;
  /** `searchCells(point, radiusM)`. */
  cells: string[];
  radiusM: number;
  /** Only cases whose last report is this recent (the dedup window); all open cases when left out. */
  reportedSince?: Date;
  limit: number;
}

/**
 * Open cases of the category within the radius, nearest first. Uses `cases_open_by_cell`; the
 * haversine runs only on the few rows of those cells. Dedup takes the nearest one; the citizen's
 * "already reported nearby" list shows a few.
 */
export async function findOpenCasesNear(db: Executor, query: OpenCaseSearch): Promise<CaseCandidate[]> {
  const { lat, lng } = query.point;
  const distance = sql<number>`2 * 6371008.8 * asin(least(1, sqrt(
      power(sin(radians(lat - ${lat}) / 2), 2)
      + cos(radians(${lat})) * cos(radians(lat)) * power(sin(radians(lng - ${lng}) / 2), 2))))`;
  let select = db
    .selectFrom('cases')
    .select(['id', distance.as('distanceM')])
    .where('categoryCode', '=', query.categoryCode)
    .where('h3Cell', '=', sql<string>`any(${query.cells}::text[])`)
    .where(isOpenCase);
  if (query.reportedSince) select = select.where('lastReportedAt', '>=', query.reportedSince);
  return select.where(distance, '<=', query.radiusM).orderBy('distanceM').orderBy('id').limit(query.limit).execute();
}

/** The nearest open case of the category within the radius whose last report is inside the window. */
export async function findNearestOpenCase(db: Executor, query: Omit<OpenCaseSearch, 'limit'> & { reportedSince: Date }): Promise<CaseCandidate | undefined> {
  const [nearest] = await findOpenCasesNear(db, { ...query, limit: 1 });
  return nearest;
}
