import { sql } from 'kysely';
import type { Executor, Trx } from '../db/database.js';
import { dedupLockKeys } from './spatial.js';
import type { LatLng } from '../grids/coordinates.js';

/**
 * Open = any state before 结案 / 不予立案 / 作废. Written as literals (not parameters) so the
 * planner matches the predicate of the partial index `cases_open_by_cell`.
 */
export const isOpenCase = sql<boolean>`status not in ('closed', 'rejected', 'voided')`;

/**
 * Takes the advisory locks of every searched cell, in sorted order (no deadlocks), for the rest
 * of the transaction. Two reports whose search areas overlap share at least one key; the intake
 * statement (`intake_reports`) takes the same keys.
 */
export async function lockDedupCells(trx: Trx, categoryCode: string, cells: string[]): Promise<void> {
  const keys = dedupLockKeys(categoryCode, cells);
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
 * Open cases of the category within the radius, nearest first: the dedup search the intake
 * statement runs (`open_cases_near`, migration 0014), here for the citizen's "already reported
 * nearby" list. Only the searched cells' rows of `cases_open_by_cell` are read.
 */
export async function findOpenCasesNear(db: Executor, query: OpenCaseSearch): Promise<CaseCandidate[]> {
  const { categoryCode, point, cells, radiusM, reportedSince, limit } = query;
  const { rows } = await sql<CaseCandidate>`
    select id, distance_m from open_cases_near(${categoryCode}, ${cells}::text[], ${point.lat}, ${point.lng},
      ${radiusM}, ${reportedSince ?? '-infinity'}, ${limit})
  `.execute(db);
  return rows;
}
