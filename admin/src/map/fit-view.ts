import { project, unproject, type LatLng } from './projection';

export interface View {
  zoom: number;
  center: LatLng;
}

/** The demo city's centre, for a map with nothing on it yet. */
const DEFAULT_VIEW: View = { zoom: 13, center: { lat: 22.72, lng: 114.245 } };
const PADDING = 32;
/** A lone point is shown at street level rather than at the largest zoom. */
const SINGLE_POINT_ZOOM = 17;

/** The largest whole zoom at which every point fits inside the box, centred on them. */
export function fitView(points: LatLng[], width: number, height: number, maxZoom: number): View {
  if (points.length === 0) return DEFAULT_VIEW;
  const south = Math.min(...points.map((point) => point.lat));
  const north = Math.max(...points.map((point) => point.lat));
  const west = Math.min(...points.map((point) => point.lng));
  const east = Math.max(...points.map((point) => point.lng));
  let zoom = Math.min(maxZoom, SINGLE_POINT_ZOOM);
  for (; zoom > 3; zoom--) {
    const northWest = project({ lat: north, lng: west }, zoom);
    const southEast = project({ lat: south, lng: east }, zoom);
    if (southEast.x - northWest.x <= width - 2 * PADDING && southEast.y - northWest.y <= height - 2 * PADDING) break;
  }
  const northWest = project({ lat: north, lng: west }, zoom);
  const southEast = project({ lat: south, lng: east }, zoom);
  return { zoom, center: unproject({ x: (northWest.x + southEast.x) / 2, y: (northWest.y + southEast.y) / 2 }, zoom) };
}
