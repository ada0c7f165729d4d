/**
 * Drives `POST /api/v1/reports` the way many phones would: a fixed number of concurrent
 * clients, each sending its next report as soon as the previous one is answered.
 */
import { randomUUID } from 'node:crypto';
import type { ReportSlot } from './fixtures.js';
import { HttpConnection } from './http-connection.js';
import { msSince } from './percentiles.js';
import { randomReportBody, type BenchCategory, type BenchGrid } from './service-area.js';

export interface DriveResult {
  elapsedMs: number;
  /** Latency of every request, answered or not, in milliseconds. */
  latenciesMs: Float64Array;
  created: number;
  /** Reports the server attached to an existing case (`isPrimary: false`). */
  joined: number;
  /** Non-201 answers (and transport errors), by status or error text, with one example body. */
  failures: Map<string, { count: number; example: string }>;
}

interface DriveOptions {
  url: string;
  concurrency: number;
  /** Report `k` is sent by `slots[k].token` with photo `slots[k].photoId`. */
  slots: ReportSlot[];
  grids: BenchGrid[];
  categories: BenchCategory[];
}

/** Sends one report per slot with `concurrency` clients sharing a counter, each on its own keep-alive connection. */
export async function driveReports({ url, concurrency, slots, grids, categories }: DriveOptions): Promise<DriveResult> {
  const connections = Array.from({ length: concurrency }, () => new HttpConnection(new URL(url)));
  const result: DriveResult = { elapsedMs: 0, latenciesMs: new Float64Array(slots.length), created: 0, joined: 0, failures: new Map() };
  let next = 0;
  const client = async (connection: HttpConnection) => {
    for (let k = next++; k < slots.length; k = next++) {
      const body = JSON.stringify(randomReportBody(k, slots[k].photoId, grids, categories));
      const start = process.hrtime.bigint();
      const response = await connection
        .request('POST', '/api/v1/reports', {
          authorization: `Bearer ${slots[k].token}`,
          'idempotency-key': randomUUID(),
          'content-type': 'application/json',
        }, body)
        .catch((error: Error) => ({ status: 0, body: error.message }));
      result.latenciesMs[k] = msSince(start);
      if (response.status === 201) {
        result.created++;
        if (JSON.parse(response.body).report.isPrimary === false) result.joined++;
      } else {
        const key = response.status === 0 ? `error ${response.body}` : `HTTP ${response.status}`;
        const seen = result.failures.get(key) ?? { count: 0, example: response.body.slice(0, 300) };
        seen.count++;
        result.failures.set(key, seen);
      }
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(connections.map(client));
  result.elapsedMs = msSince(start);
  for (const connection of connections) connection.close();
  return result;
}
