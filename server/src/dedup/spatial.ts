/**
 * The spatial side of deduplication, on H3 cells (h3-js) so it runs on any PostgreSQL without
 * PostGIS. A case stores the resolution-9 cell of its point; a new report searches the cells
 * within its category's radius and locks them, so two reports of one spot serialize.
 */
import { createHash } from 'node:crypto';
import type { LatLng } from '../grids/coordinates.js';
import { getHexagonEdgeLengthAvg, gridDisk, latLngToCell, UNITS } from 'h3-js';


/** Resolution 9: cells of ~0.1 km² (edge ≈ 174 m), larger than every dedup radius we use. */
export const DEDUP_H3_RESOLUTION = 9;

/**
 * Any point within one edge length of a cell lies in that cell's first ring; 0.8 of the average
 * edge keeps a margin for cells smaller than average (the property test checks it).
 */
const RING_REACH_M = 0.8 * getHexagonEdgeLengthAvg(DEDUP_H3_RESOLUTION, UNITS.m);

export function cellOf(point: LatLng): string {
  return latLngToCell(point.lat, point.lng, DEDUP_H3_RESOLUTION);
}

/** Every cell that can hold a case within `radiusM` of `point`, sorted (the lock order). */
export function searchCells(point: LatLng, radiusM: number): string[] {
  const rings = Math.max(1, Math.ceil(radiusM / RING_REACH_M));
  return gridDisk(cellOf(point), rings).sort();
}

/** A category's 64-bit salt for its cells' lock keys, hashed once per process. */
const categorySalts = new Map<string, bigint>();
function categorySalt(categoryCode: string): bigint {
  let salt = categorySalts.get(categoryCode);
  if (salt === undefined) {
    salt = createHash('sha256').update(`dedup:${categoryCode}`).digest().readBigUInt64BE(0);
    categorySalts.set(categoryCode, salt);
  }
  return salt;
}

/**
 * A signed 64-bit advisory-lock key per (category, cell): the cell's H3 index (itself 64 bits,
 * one per cell) XOR the category's salt. Reports of different categories never wait for each
 * other, and reports whose search areas overlap always share a key. No hash per cell: a
 * report's seven SHA-256s took 17 µs of the API's event loop, the XORs take 4.
 */
function lockKeyOf(categoryCode: string, cell: string): bigint {
  return BigInt.asIntN(64, BigInt(`0x${cell}`) ^ categorySalt(categoryCode));
}

/** The lock keys of the searched cells in lock order (ascending, so no two reports deadlock). */
export function dedupLockKeys(categoryCode: string, cells: readonly string[]): string[] {
  return cells
    .map((cell) => lockKeyOf(categoryCode, cell))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map(String);
}
