/**
 * Web Mercator pixel arithmetic (the projection of XYZ and 天地图 `_w` tiles), and the one datum
 * shift the console needs: WGS-84 from the server to GCJ-02 when the tiles are GCJ-02. The shift
 * is the server's own function (grids/coordinates.ts), imported as code.
 */
import { wgs84ToGcj02 } from '../../../server/src/grids/coordinates.js';
import type { LatLng } from '../../../server/src/grids/coordinates.js';

export type { LatLng };
export const TILE_SIZE = 256;
/** Metres per pixel at the equator at zoom 0. */
const EQUATOR_METRES_PER_PIXEL = 156_543.033_92;
const MAX_LAT = 85.051_128_78;

export interface Pixel {
  x: number;
  y: number;
}

/** The point's position in world pixels at `zoom` (0,0 = north-west corner of the world). */
export function project({ lat, lng }: LatLng, zoom: number): Pixel {
  const scale = TILE_SIZE * 2 ** zoom;
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  return {
    x: ((lng + 180) / 360) * scale,
    y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale,
  };
}

export function unproject({ x, y }: Pixel, zoom: number): LatLng {
  const scale = TILE_SIZE * 2 ** zoom;
  const n = Math.PI - (2 * Math.PI * y) / scale;
  return { lat: (180 / Math.PI) * Math.atan(Math.sinh(n)), lng: (x / scale) * 360 - 180 };
}

export function metresPerPixel(lat: number, zoom: number): number {
  return (EQUATOR_METRES_PER_PIXEL * Math.cos((lat * Math.PI) / 180)) / 2 ** zoom;
}

export type Datum = 'wgs84' | 'gcj02';

/** Server coordinates (WGS-84) in the datum the tiles are drawn in. */
export function toTileDatum(point: LatLng, datum: Datum): LatLng {
  return datum === 'gcj02' ? wgs84ToGcj02(point.lat, point.lng) : point;
}
