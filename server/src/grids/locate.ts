/**
 * Where a client's point lies: its WGS-84 form and its unit grid (the lookup route), and the
 * refusal of a point outside every grid (the lookup and reports alike).
 */
import type { Executor } from '../db/database.js';
import type { CoordSystem } from '../db/schema.js';
import { AppError } from '../errors/app-error.js';
import { toWgs84, type LatLng } from './coordinates.js';
import { findGridAt, type GridLocation } from './queries.js';

export interface ClientPoint {
  lat: number;
  lng: number;
  coordSystem: CoordSystem;
}

export interface LocatedPoint {
  /** The point in WGS-84, as stored. */
  point: LatLng;
  grid: GridLocation;
}

/**
 * Converts a client's point to WGS-84 and finds its unit grid, or throws 422
 * `report.outside_service_area`, as a report at that point would be refused.
 */
export async function locatePoint(db: Executor, client: ClientPoint): Promise<LocatedPoint> {
  const point = toWgs84(client, client.coordSystem);
  const grid = await findGridAt(db, point);
  if (!grid) throw outsideServiceArea();
  return { point, grid };
}

/** The refusal of a point no unit grid holds, for the lookup and for reports. */
export function outsideServiceArea(): AppError {
  return AppError.unprocessable(
    'report.outside_service_area',
    'this location is outside the service area (该位置不在服务区域内); please choose a place inside the city\'s unit grids',
  );
}

/** What a client learns about a grid: codes and names, never the boundary. */
export function presentGridLookup({ point, grid }: LocatedPoint, coordSystem: CoordSystem) {
  return {
    gridCode: grid.gridCode,
    scheme: grid.scheme,
    community: { code: grid.communityCode, name: grid.communityName },
    street: { code: grid.streetCode, name: grid.streetName },
    district: { code: grid.districtCode, name: grid.districtName },
    point: { lat: point.lat, lng: point.lng },
    coordSystem,
  };
}

export type GridLookup = ReturnType<typeof presentGridLookup>;
