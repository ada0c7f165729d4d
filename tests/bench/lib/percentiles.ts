/** Latency summaries and number formatting shared by every bench figure. */

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of millisecond samples (the input is not modified). */
export function summarize(samplesMs: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samplesMs).sort();
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return { count: sorted.length, p50: rank(0.5), p99: rank(0.99), max: sorted[sorted.length - 1] };
}

/** Milliseconds since a `process.hrtime.bigint()` reading. */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A count or rate with thousands separators: 1,234. */
export function int(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Milliseconds with enough digits for sub-millisecond queries: 0.42 ms, 12.3 ms. */
export function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

/** "p50 0.42 ms  p99 1.20 ms  max 9.80 ms". */
export function formatSummary(summary: LatencySummary): string {
  return `p50 ${ms(summary.p50)}  p99 ${ms(summary.p99)}  max ${ms(summary.max)}`;
}
