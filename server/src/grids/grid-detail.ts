import type { Executor } from '../db/database.js';

/** A unit grid with the community and street responsible for it, boundary included. */
export async function findGridDetail(db: Executor, code: string) {
  return db
    .selectFrom('grids')
    .innerJoin('areas as community', 'community.code', 'grids.communityCode')
    .innerJoin('areas as street', 'street.code', 'grids.streetCode')
    .select([
      'grids.code',
      'grids.streetCode',
      'street.name as streetName',
      'grids.communityCode',
      'community.name as communityName',
      'grids.boundary',
    ])
    .where('grids.code', '=', code)
    .executeTakeFirst();
}

type GridDetail = NonNullable<Awaited<ReturnType<typeof findGridDetail>>>;

/** The vertices of a PostgreSQL `polygon` in its text form `((lng,lat),...)`, as [lng, lat] pairs. */
export function parsePolygon(text: string): [number, number][] {
  return [...text.matchAll(/\(\s*([-+0-9.eE]+)\s*,\s*([-+0-9.eE]+)\s*\)/g)].map((match) => [Number(match[1]), Number(match[2])]);
}

/** A grid for drawing on a map: its outline as WGS-84 [lng, lat] vertices (the ring is not repeated closed). */
export function presentGridDetail(grid: GridDetail) {
  return {
    code: grid.code,
    streetCode: grid.streetCode,
    streetName: grid.streetName,
    communityCode: grid.communityCode,
    communityName: grid.communityName,
    boundary: parsePolygon(grid.boundary),
  };
}
