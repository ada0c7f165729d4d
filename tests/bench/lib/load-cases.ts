/**
 * Bulk load of open cases: one `insert … select * from unnest(…)` per batch, two batches in
 * flight so Node builds the next batch while PostgreSQL writes the previous one.
 */
import type pg from 'pg';
import { cellOf } from '../../../server/src/dedup/spatial.js';
import type { CaseStatus } from '../../../server/src/db/schema.js';
import { pick, randomPointIn, type BenchCategory, type BenchGrid } from './service-area.js';

const OPEN_STATUSES: CaseStatus[] = ['pending_acceptance', 'pending_registration', 'registered', 'dispatched', 'handled'];
const SPREAD_MS = 30 * 24 * 3600_000;
const IN_FLIGHT = 2;

const INSERT_BATCH = `
  insert into cases (category_code, status, lat, lng, h3_cell, grid_code, street_code, opened_at, last_reported_at)
  select * from unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::text[], $6::text[], $7::text[],
                       $8::timestamptz[], $9::timestamptz[])`;

interface LoadOptions {
  grids: BenchGrid[];
  categories: BenchCategory[];
  count: number;
  now: Date;
  batchSize?: number;
}

/**
 * Inserts `count` open cases spread uniformly over the grids, opened within the last 30 days and
 * last reported between their opening and `now`, then analyzes `cases` so the planner sees them.
 */
export async function loadOpenCases(pool: pg.Pool, { grids, categories, count, now, batchSize = 20_000 }: LoadOptions): Promise<void> {
  let queued = 0;
  const inserter = async () => {
    while (queued < count) {
      const size = Math.min(batchSize, count - queued);
      queued += size;
      await pool.query(INSERT_BATCH, buildBatch(size, grids, categories, now.getTime()));
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, inserter));
  // Vacuum too, as autovacuum would in production: it marks pages all-visible, which index-only
  // scans of the dedup index need.
  await pool.query('vacuum analyze cases');
}

function buildBatch(size: number, grids: BenchGrid[], categories: BenchCategory[], nowMs: number): unknown[][] {
  const columns: unknown[][] = Array.from({ length: 9 }, () => new Array(size));
  const [category, status, lat, lng, cell, grid, street, opened, lastReported] = columns;
  for (let i = 0; i < size; i++) {
    const where = pick(grids);
    const point = randomPointIn(where);
    const openedMs = nowMs - Math.random() * SPREAD_MS;
    category[i] = pick(categories).code;
    status[i] = pick(OPEN_STATUSES);
    lat[i] = point.lat;
    lng[i] = point.lng;
    cell[i] = cellOf(point);
    grid[i] = where.code;
    street[i] = where.streetCode;
    opened[i] = new Date(openedMs).toISOString();
    lastReported[i] = new Date(openedMs + Math.random() * (nowMs - openedMs)).toISOString();
  }
  return columns;
}
