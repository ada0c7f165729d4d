/** The demo city as the bench sees it: grids to scatter points in and categories to pick. */
import type pg from 'pg';
import type { LatLng } from '../../../server/src/grids/coordinates.js';

/** A unit grid and its bounding box; demo grids are axis-aligned rectangles, so box = grid. */
export interface BenchGrid {
  code: string;
  streetCode: string;
  south: number;
  north: number;
  west: number;
  east: number;
}

export interface BenchCategory {
  code: string;
  dedupRadiusM: number;
  dedupWindowH: number;
}

/** Every unit grid of the seeded demo city, with its bounding box. */
export async function loadGrids(pool: pg.Pool): Promise<BenchGrid[]> {
  const { rows } = await pool.query<{ code: string; street_code: string; bbox: string }>(
    'select code, street_code, box(boundary)::text as bbox from grids order by code',
  );
  if (rows.length === 0) throw new Error('no grids: the demo city was not seeded');
  return rows.map((row) => {
    // Box text is "(x1,y1),(x2,y2)" with x = lng, y = lat, corners in either order.
    const [x1, y1, x2, y2] = row.bbox.match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi)!.map(Number);
    return {
      code: row.code,
      streetCode: row.street_code,
      south: Math.min(y1, y2),
      north: Math.max(y1, y2),
      west: Math.min(x1, x2),
      east: Math.max(x1, x2),
    };
  });
}

/** Every category with the radius and window its reports are deduplicated within. */
export async function loadCategories(pool: pg.Pool): Promise<BenchCategory[]> {
  const { rows } = await pool.query<BenchCategory>(
    'select code, dedup_radius_m as "dedupRadiusM", dedup_window_h as "dedupWindowH" from categories order by code',
  );
  if (rows.length === 0) throw new Error('no categories: the taxonomy was not loaded');
  return rows;
}

/** A uniformly random element. */
export function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

/** A uniformly random point inside the grid's rectangle. */
export function randomPointIn(grid: BenchGrid): LatLng {
  return {
    lat: grid.south + Math.random() * (grid.north - grid.south),
    lng: grid.west + Math.random() * (grid.east - grid.west),
  };
}

/** The body of bench report `k`: a random category at a random point of a random grid, one photo. */
export function randomReportBody(k: number, photoId: string, grids: readonly BenchGrid[], categories: readonly BenchCategory[]) {
  const point = randomPointIn(pick(grids));
  return {
    categoryCode: pick(categories).code,
    lat: point.lat,
    lng: point.lng,
    description: `压测上报 #${k}：路面破损，请尽快处理`,
    photoIds: [photoId],
  };
}
