/** How times, distances and money read in the mini program. */

const BEIJING_OFFSET_MS = 8 * 3600_000;
const pad = (value: number) => String(value).padStart(2, '0');

/** `11月23日 15:30`, Beijing time whatever the phone's zone. */
export function beijingTime(iso: string): string {
  const at = new Date(new Date(iso).getTime() + BEIJING_OFFSET_MS);
  return `${at.getUTCMonth() + 1}月${at.getUTCDate()}日 ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
}

/** `10 米内`, `约 35 米`, `约 1.2 公里`. */
export function distance(meters: number): string {
  if (meters < 10) return '10 米内';
  return meters < 1000 ? `约 ${Math.round(meters)} 米` : `约 ${(meters / 1000).toFixed(1)} 公里`;
}

/** Integer 分 → `12.50 元`. */
export function yuan(fen: number): string {
  return `${(fen / 100).toFixed(2)} 元`;
}
