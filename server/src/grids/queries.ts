import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { LatLng } from './coordinates.js';

/** A unit grid with the community, street and district responsible for it. */
export interface GridLocation {
  gridCode: string;
  scheme: string;
  communityCode: string;
  communityName: string;
  streetCode: string;
  streetName: string;
  districtCode: string;
  districtName: string;
}

/**
 * The grid lookup as a query, so tests can EXPLAIN exactly what runs. Which grid holds a point
 * is `grid_at` (migration 0018), the one definition `intake_reports` uses too: a point the
 * lookup accepts is a point a report is accepted at.
 */
export function gridAtQuery(db: Executor, point: LatLng) {
  return db
    .selectFrom('grids')
    .innerJoin('areas as community', 'community.code', 'grids.communityCode')
    .innerJoin('areas as street', 'street.code', 'grids.streetCode')
    .innerJoin('areas as district', 'district.code', 'grids.districtCode')
    .select([
      'grids.code as gridCode',
      'grids.scheme',
      'grids.communityCode',
      'community.name as communityName',
      'grids.streetCode',
      'street.name as streetName',
      'grids.districtCode',
      'district.name as districtName',
    ])
    .where('grids.code', '=', sql<string>`(select g.code from grid_at(${point.lat}, ${point.lng}) g)`);
}

/** The unit grid containing a WGS-84 point, or undefined outside every grid. */
export async function findGridAt(db: Executor, point: LatLng): Promise<GridLocation | undefined> {
  return gridAtQuery(db, point).executeTakeFirst();
}
