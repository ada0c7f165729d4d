/**
 * Times the dedup lookup, one query at a time on one connection, with the platform's H3 method
 * (`open_cases_near`, the search the report path runs) and with contrib `earthdistance` over a
 * GiST index, so the spatial method is chosen by measurement.
 */
import type pg from 'pg';
import type { Db, Trx } from '../../../server/src/db/database.js';
import { findOpenCasesNear, isOpenCase } from '../../../server/src/dedup/queries.js';
import type { LatLng } from '../../../server/src/grids/coordinates.js';
import { searchCells } from '../../../server/src/dedup/spatial.js';
import { msSince, summarize, type LatencySummary } from './percentiles.js';
import { pick, randomPointIn, type BenchCategory, type BenchGrid } from './service-area.js';

/** One lookup as the report path makes it: a point, a category and its radius and window. */
export interface DedupProbe {
  point: LatLng;
  categoryCode: string;
  radiusM: number;
  reportedSince: Date;
}

/** Random points over the grids with random categories, as a stream of reports would bring. */
export function makeProbes(grids: BenchGrid[], categories: BenchCategory[], count: number, now: Date): DedupProbe[] {
  return Array.from({ length: count }, () => {
    const category = pick(categories);
    return {
      point: randomPointIn(pick(grids)),
      categoryCode: category.code,
      radiusM: category.dedupRadiusM,
      reportedSince: new Date(now.getTime() - category.dedupWindowH * 3600_000),
    };
  });
}

/** The platform's method. Cells are computed outside the timed span, as submitReport does before its statement. */
export async function timeH3(db: Db, probes: DedupProbe[]): Promise<LatencySummary> {
  const withCells = probes.map((probe) => ({ ...probe, cells: searchCells(probe.point, probe.radiusM) }));
  return timeEach(db, withCells, (trx, probe) => findOpenCasesNear(trx, { ...probe, limit: 1 }));
}

/** The alternative; needs `createEarthdistanceIndexes` first. */
export async function timeEarthdistance(db: Db, probes: DedupProbe[]): Promise<LatencySummary> {
  return timeEach(db, probes, findNearestByEarthdistance);
}

/**
 * The bench database only: contrib cube + earthdistance, a partial GiST index on the point like
 * `cases_open_by_cell`, and a btree on the category. Returns the milliseconds each index took.
 */
export async function createEarthdistanceIndexes(pool: pg.Pool): Promise<{ gistMs: number; btreeMs: number }> {
  await pool.query('create extension if not exists cube');
  await pool.query('create extension if not exists earthdistance');
  let start = process.hrtime.bigint();
  await pool.query(`create index bench_cases_open_by_earth on cases using gist (ll_to_earth(lat, lng))
    where status not in ('closed', 'rejected', 'voided')`);
  const gistMs = msSince(start);
  start = process.hrtime.bigint();
  await pool.query('create index bench_cases_by_category on cases (category_code)');
  const btreeMs = msSince(start);
  await pool.query('analyze cases');
  return { gistMs, btreeMs };
}

/** Drops the alternative's indexes, so report intake afterwards maintains only the shipped ones. */
export async function dropEarthdistanceIndexes(pool: pg.Pool): Promise<void> {
  await pool.query('drop index bench_cases_open_by_earth');
  await pool.query('drop index bench_cases_by_category');
}

/** Same contract as the dedup search, on earthdistance (earth radius 6378168 m: fine for timing). */
function findNearestByEarthdistance(trx: Trx, probe: DedupProbe) {
  return trx
    .selectFrom('cases')
    .select((eb) => {
      const here = eb.fn('ll_to_earth', [eb.val(probe.point.lat), eb.val(probe.point.lng)]);
      const there = eb.fn('ll_to_earth', [eb.ref('lat'), eb.ref('lng')]);
      return ['id', eb.fn<number>('earth_distance', [here, there]).as('distanceM')];
    })
    .where((eb) => {
      const here = eb.fn('ll_to_earth', [eb.val(probe.point.lat), eb.val(probe.point.lng)]);
      const there = eb.fn('ll_to_earth', [eb.ref('lat'), eb.ref('lng')]);
      return eb.and([
        eb(eb.fn('earth_box', [here, eb.val(probe.radiusM)]), '@>', there),
        eb(eb.fn('earth_distance', [here, there]), '<=', probe.radiusM),
      ]);
    })
    .where('categoryCode', '=', probe.categoryCode)
    .where(isOpenCase)
    .where('lastReportedAt', '>=', probe.reportedSince)
    .orderBy('distanceM')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

const WARMUP = 500;

/**
 * Runs every probe inside one transaction (no BEGIN/COMMIT round trips in the timed spans),
 * after an untimed warm-up so neither method pays for a cold cache.
 */
async function timeEach<P extends DedupProbe>(db: Db, probes: P[], method: (trx: Trx, probe: P) => Promise<unknown>): Promise<LatencySummary> {
  const samples = new Float64Array(probes.length);
  await db.transaction().execute(async (trx) => {
    for (const probe of probes.slice(0, WARMUP)) await method(trx, probe);
    for (let i = 0; i < probes.length; i++) {
      const start = process.hrtime.bigint();
      await method(trx, probes[i]);
      samples[i] = msSince(start);
    }
  });
  return summarize(samples);
}
