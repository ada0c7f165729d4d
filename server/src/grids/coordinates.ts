/**
 * Coordinate systems at the edge. We store WGS-84; WeChat's `chooseLocation`, Tencent maps and
 * `getLocation({type:'gcj02'})` hand us GCJ-02 (火星坐标), which is WGS-84 shifted by a published,
 * deliberately irregular offset on the Krasovsky ellipsoid. Outside mainland China no offset applies.
 */
import type { CoordSystem } from '../db/schema.js';

export interface LatLng {
  lat: number;
  lng: number;
}

/** Krasovsky 1940 ellipsoid: semi-major axis (m) and first eccentricity squared, as GCJ-02 uses them. */
const KRASOVSKY_A = 6_378_245.0;
const KRASOVSKY_EE = 0.006_693_421_622_965_943_23;
/** Mean Earth radius (IUGG), for haversine distances. */
const EARTH_RADIUS_M = 6_371_008.8;
/** The inverse stops once the forward transform lands this close (degrees) to the GCJ-02 input. */
const INVERSE_TOLERANCE_DEG = 1e-9;
const INVERSE_MAX_ITERATIONS = 30;

/**
 * The rectangle outside which GCJ-02 leaves coordinates unchanged. It is the rough box every
 * implementation of the formula uses, not the national border.
 */
export function outOfChina(lat: number, lng: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function offsetLat(x: number, y: number): number {
  let value = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  value += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  value += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  value += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return value;
}

function offsetLng(x: number, y: number): number {
  let value = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  value += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  value += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  value += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return value;
}

/** The GCJ-02 shift (degrees) at a WGS-84 point inside China. */
function gcjOffset(lat: number, lng: number): LatLng {
  const x = lng - 105;
  const y = lat - 35;
  const radLat = (lat / 180) * Math.PI;
  const sinLat = Math.sin(radLat);
  const magic = 1 - KRASOVSKY_EE * sinLat * sinLat;
  const sqrtMagic = Math.sqrt(magic);
  // Metres of the polynomial offsets → degrees, using the meridian and parallel radii of curvature.
  const dLat = (offsetLat(x, y) * 180) / (((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (offsetLng(x, y) * 180) / ((KRASOVSKY_A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: dLat, lng: dLng };
}

/** WGS-84 → GCJ-02 (the forward formula; exact by definition). */
export function wgs84ToGcj02(lat: number, lng: number): LatLng {
  if (outOfChina(lat, lng)) return { lat, lng };
  const offset = gcjOffset(lat, lng);
  return { lat: lat + offset.lat, lng: lng + offset.lng };
}

/**
 * GCJ-02 → WGS-84. The formula has no closed inverse; the common one-step approximation
 * (subtract the offset taken at the GCJ-02 point) is off by up to a few metres, enough to
 * land a report in the neighbouring grid. A fixed-point iteration converges in a handful of
 * steps because the offset changes slowly with position.
 */
export function gcj02ToWgs84(lat: number, lng: number): LatLng {
  if (outOfChina(lat, lng)) return { lat, lng };
  let guess = { lat, lng };
  for (let i = 0; i < INVERSE_MAX_ITERATIONS; i++) {
    const forward = wgs84ToGcj02(guess.lat, guess.lng);
    const errorLat = lat - forward.lat;
    const errorLng = lng - forward.lng;
    if (Math.abs(errorLat) < INVERSE_TOLERANCE_DEG && Math.abs(errorLng) < INVERSE_TOLERANCE_DEG) break;
    guess = { lat: guess.lat + errorLat, lng: guess.lng + errorLng };
  }
  return guess;
}

/** The WGS-84 position of a point a client sent in `system`. */
export function toWgs84(point: LatLng, system: CoordSystem): LatLng {
  return system === 'gcj02' ? gcj02ToWgs84(point.lat, point.lng) : { lat: point.lat, lng: point.lng };
}

/** Great-circle distance in metres (haversine on the mean Earth radius). */
export function distanceMeters(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
