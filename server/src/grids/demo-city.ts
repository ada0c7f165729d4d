/**
 * The demo city, 深圳市龙岗区 (GB/T 2260 code 440307), generated rather than shipped as a file:
 * four streets in the quadrants of the service-area box, eight communities each, and unit grids
 * of about 92 m × 101 m (≈ 9,300 m², the usual size of a 单元网格) tiling the box without gaps.
 * The street and community codes are demo numbers in the official format, not the published
 * 统计用区划代码 of these places.
 */
import type { Db } from '../db/database.js';
import type { AreaTable, GridTable } from '../db/schema.js';
import type { Insertable } from 'kysely';

/** The rectangle the demo grids cover exactly (WGS-84 degrees). */
export const SERVICE_AREA_BOUNDS = { south: 22.7, north: 22.74, west: 114.22, east: 114.27 } as const;

export const DEMO_DISTRICT = { code: '440307', name: '龙岗区' } as const;

/** Each street is a 4 × 2 block of communities; each community a 7 × 11 block of grids (77 ≤ 99). */
const COMMUNITY_COLUMNS_PER_STREET = 4;
const COMMUNITY_ROWS_PER_STREET = 2;
const GRID_COLUMNS_PER_COMMUNITY = 7;
const GRID_ROWS_PER_COMMUNITY = 11;
const STREET_COLUMNS = 2;
const STREET_ROWS = 2;
const TOTAL_GRID_COLUMNS = STREET_COLUMNS * COMMUNITY_COLUMNS_PER_STREET * GRID_COLUMNS_PER_COMMUNITY;
const TOTAL_GRID_ROWS = STREET_ROWS * COMMUNITY_ROWS_PER_STREET * GRID_ROWS_PER_COMMUNITY;
const INSERT_BATCH = 1000;

interface DemoStreet {
  code: string;
  name: string;
  /** Quadrant of the box: row 0 is north, column 0 is west. */
  row: number;
  column: number;
  /** West → east, north → south: the first four form the northern row. */
  communities: string[];
}

const STREETS: DemoStreet[] = [
  {
    code: '440307001', name: '龙城街道', row: 0, column: 0,
    communities: ['回龙埔社区', '尚景社区', '紫薇社区', '愉园社区', '爱联社区', '盛平社区', '龙西社区', '五联社区'],
  },
  {
    code: '440307002', name: '龙岗街道', row: 0, column: 1,
    communities: ['龙岗社区', '南联社区', '平南社区', '新生社区', '龙新社区', '圳埔社区', '格坑社区', '老街社区'],
  },
  {
    code: '440307003', name: '宝龙街道', row: 1, column: 1,
    communities: ['宝龙社区', '龙东社区', '同乐社区', '南约社区', '新布社区', '宝南社区', '宝湖社区', '宝山社区'],
  },
  {
    code: '440307004', name: '横岗街道', row: 1, column: 0,
    communities: ['横岗社区', '六约社区', '四联社区', '西坑社区', '保安社区', '大康社区', '荷坳社区', '安良社区'],
  },
];

/**
 * Edges come from integer grid lines, rounded to 1e-7° (≈ 1 cm), so neighbouring grids share
 * bit-identical edges and the box's own edges are exactly its bounds.
 */
function roundDegrees(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}

function lngOfLine(column: number): number {
  const { west, east } = SERVICE_AREA_BOUNDS;
  return roundDegrees(west + ((east - west) * column) / TOTAL_GRID_COLUMNS);
}

function latOfLine(row: number): number {
  const { north, south } = SERVICE_AREA_BOUNDS;
  return roundDegrees(north - ((north - south) * row) / TOTAL_GRID_ROWS);
}

/** A PostgreSQL `polygon` literal, (lng,lat) pairs clockwise from the north-west corner. */
function rectangle(row: number, column: number): string {
  const west = lngOfLine(column);
  const east = lngOfLine(column + 1);
  const north = latOfLine(row);
  const south = latOfLine(row + 1);
  return `((${west},${north}),(${east},${north}),(${east},${south}),(${west},${south}))`;
}

/** Every area and grid row of the demo city, in a fixed order. */
export function buildDemoCity(): { areas: Insertable<AreaTable>[]; grids: Insertable<GridTable>[] } {
  const areas: Insertable<AreaTable>[] = [{ code: DEMO_DISTRICT.code, name: DEMO_DISTRICT.name, level: 'district', parentCode: null }];
  const grids: Insertable<GridTable>[] = [];
  for (const street of STREETS) {
    areas.push({ code: street.code, name: street.name, level: 'street', parentCode: DEMO_DISTRICT.code });
    street.communities.forEach((communityName, index) => {
      const communityCode = street.code + String(index + 1).padStart(3, '0');
      areas.push({ code: communityCode, name: communityName, level: 'community', parentCode: street.code });
      const firstRow = (street.row * COMMUNITY_ROWS_PER_STREET + Math.floor(index / COMMUNITY_COLUMNS_PER_STREET)) * GRID_ROWS_PER_COMMUNITY;
      const firstColumn = (street.column * COMMUNITY_COLUMNS_PER_STREET + (index % COMMUNITY_COLUMNS_PER_STREET)) * GRID_COLUMNS_PER_COMMUNITY;
      for (let row = 0; row < GRID_ROWS_PER_COMMUNITY; row++) {
        for (let column = 0; column < GRID_COLUMNS_PER_COMMUNITY; column++) {
          const sequence = row * GRID_COLUMNS_PER_COMMUNITY + column + 1;
          grids.push({
            code: communityCode + String(sequence).padStart(2, '0'),
            communityCode,
            streetCode: street.code,
            districtCode: DEMO_DISTRICT.code,
            boundary: rectangle(firstRow + row, firstColumn + column),
          });
        }
      }
    });
  }
  return { areas, grids };
}

/**
 * Seeds the demo city's areas and unit grids in one transaction. Skips when the district
 * already has grids, and tolerates a concurrent seeder (conflicts are ignored).
 */
export async function seedDemoCity(db: Db): Promise<void> {
  const existing = await db.selectFrom('grids').select('code').where('districtCode', '=', DEMO_DISTRICT.code).limit(1).executeTakeFirst();
  if (existing) return;
  const { areas, grids } = buildDemoCity();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('areas').values(areas).onConflict((conflict) => conflict.column('code').doNothing()).execute();
    for (let start = 0; start < grids.length; start += INSERT_BATCH) {
      await trx
        .insertInto('grids')
        .values(grids.slice(start, start + INSERT_BATCH))
        .onConflict((conflict) => conflict.column('code').doNothing())
        .execute();
    }
  });
}
