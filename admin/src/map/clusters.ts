import type { LatLng, Pixel } from './projection';

export interface MapPoint extends LatLng {
  id: string | number;
  color: string;
  title: string;
  /** Drawn larger with a ring: the case being looked at. */
  emphasis?: boolean;
  /** Higher is more urgent; a cluster takes the colour of its most urgent member. */
  rank?: number;
}

export interface Mark {
  key: string;
  at: Pixel;
  color: string;
  members: MapPoint[];
}

/** Screen cells of this size (px) hold one mark when clustering. */
const CELL = 44;

/**
 * Marks to draw: one per point, or, when clustering, one per screen cell holding its points at
 * their mean position, coloured by the most urgent of them.
 */
export function clusterPoints(placed: Array<{ point: MapPoint; at: Pixel }>, cluster: boolean): Mark[] {
  if (!cluster) return placed.map(({ point, at }) => ({ key: String(point.id), at, color: point.color, members: [point] }));
  const cells = new Map<string, Array<{ point: MapPoint; at: Pixel }>>();
  for (const item of placed) {
    const key = `${Math.floor(item.at.x / CELL)}:${Math.floor(item.at.y / CELL)}`;
    cells.set(key, [...(cells.get(key) ?? []), item]);
  }
  return [...cells.entries()].map(([key, items]) => {
    const worst = items.reduce((a, b) => ((b.point.rank ?? 0) > (a.point.rank ?? 0) ? b : a));
    return {
      key,
      at: { x: mean(items.map((item) => item.at.x)), y: mean(items.map((item) => item.at.y)) },
      color: worst.point.color,
      members: items.map((item) => item.point),
    };
  });
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
