/**
 * Bench citizens and their photos, written straight to the tables: the report path only checks
 * that a photo is the sender's and unattached, so no image files are needed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { issueToken } from '../../../server/src/auth/tokens.js';
import { systemClock } from '../../../server/src/config/clock.js';

/** One report to send: who sends it (their id and bearer token) and the photo it carries. */
export interface ReportSlot {
  citizenId: number;
  token: string;
  photoId: string;
}

const TOKEN_TTL_SECONDS = 24 * 3600;

/**
 * Creates `citizenCount` citizens (openid `bench-<i>`) and one unattached photo per slot, slot
 * `k` belonging to citizen `k mod citizenCount`, and returns the slots in order.
 */
export async function createReportSlots(
  pool: pg.Pool,
  options: { citizenCount: number; slotCount: number; tokenSecret: string },
): Promise<ReportSlot[]> {
  const { rows: citizens } = await pool.query<{ id: number }>(
    `insert into citizens (openid, created_at)
     select 'bench-' || i, now() from generate_series(1, $1::int) as i
     returning id`,
    [options.citizenCount],
  );
  const tokens = citizens.map(({ id }) => issueToken({ kind: 'citizen', citizenId: Number(id) }, options.tokenSecret, TOKEN_TTL_SECONDS, systemClock));
  const photoIds = Array.from({ length: options.slotCount }, () => randomUUID());
  const owners = photoIds.map((_, k) => Number(citizens[k % citizens.length].id));
  const hashes = photoIds.map(() => randomBytes(32).toString('hex'));
  await pool.query(
    `insert into photos (id, owner_citizen_id, sha256, format, width, height, bytes, created_at)
     select id, owner, sha256, 'jpeg', 1280, 960, 180000, now()
     from unnest($1::uuid[], $2::bigint[], $3::text[]) as t(id, owner, sha256)`,
    [photoIds, owners, hashes],
  );
  // Fresh statistics, as a live database has: without them the planner scans `photos` in full
  // for every report's photo check (autovacuum would analyze only a minute later).
  await pool.query('analyze citizens, photos');
  return photoIds.map((photoId, k) => ({ citizenId: owners[k], token: tokens[k % tokens.length], photoId }));
}
