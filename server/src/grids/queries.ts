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
 * The grid lookup as a query, so tests can EXPLAIN exactly what runs. The `&&` test against
 * the point's degenerate box is what the GiST index on `boundary` can answer (the polygon
 * opclass has no polygon-contains-point strategy); `@>` then checks the polygon exactly,
 * edges included. A point on an edge shared by several grids belongs to the lowest code.
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
    .where(sql<boolean>`grids.boundary && polygon(box(point(${point.lng}, ${point.lat}), point(${point.lng}, ${point.lat})))`)
    .where(sql<boolean>`grids.boundary @> point(${point.lng}, ${point.lat})`)
    .orderBy('grids.code')
    .limit(1);
}

/** The unit grid containing a WGS-84 point, or undefined outside every grid. */
export async function findGridAt(db: Executor, point: LatLng): Promise<GridLocation | undefined> {
  return gridAtQuery(db, point).executeTakeFirst();
}
