import { cellOf, dedupLockKeys, searchCells } from './spatial.js';

/** A point `meters` away from `from` on `bearingDeg`, on a local flat approximation (fine at < 1 km). */
function offset(from: { lat: number; lng: number }, meters: number, bearingDeg: number) {
  const bearing = (bearingDeg * Math.PI) / 180;
  const dLat = (meters * Math.cos(bearing)) / 111_195;
  const dLng = (meters * Math.sin(bearing)) / (111_195 * Math.cos((from.lat * Math.PI) / 180));
  return { lat: from.lat + dLat, lng: from.lng + dLng };
}

function seededRandom(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

describe('searchCells', () => {
  it.each([20, 50, 100, 150, 400])('covers every point within %i m of any point (10,000 random pairs)', (radius) => {
    const random = seededRandom(radius);
    for (let i = 0; i < 10_000; i++) {
      const p = { lat: 22.7 + random() * 0.04, lng: 114.22 + random() * 0.05 };
      const q = offset(p, random() * radius * 0.999, random() * 360);
      expect(searchCells(p, radius)).toContain(cellOf(q));
    }
  });

  it('searches one ring (7 cells) for radii up to ~139 m and more rings beyond', () => {
    const p = { lat: 22.72, lng: 114.245 };
    expect(searchCells(p, 100)).toHaveLength(7);
    expect(searchCells(p, 400).length).toBeGreaterThan(7);
  });

  it('returns cells sorted, the order locks are taken in', () => {
    const cells = searchCells({ lat: 22.72, lng: 114.245 }, 100);
    expect([...cells].sort()).toEqual(cells);
  });
});

describe('dedupLockKeys', () => {
  it('is a stable signed 64-bit integer per category and cell', () => {
    const cell = cellOf({ lat: 22.72, lng: 114.245 });
    const [key] = dedupLockKeys('E0102', [cell]);
    expect(dedupLockKeys('E0102', [cell])).toEqual([key]);
    expect(dedupLockKeys('E0103', [cell])).not.toEqual([key]);
    const value = BigInt(key);
    expect(value >= -(2n ** 63n) && value < 2n ** 63n).toBe(true);
  });
});
