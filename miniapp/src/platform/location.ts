/**
 * Where the problem is. weapp: `getLocation` for a first guess and `chooseLocation` (WeChat's map,
 * the pin dragged by the citizen), both GCJ-02, which is what the server is told. H5: the
 * browser's geolocation (WGS-84); the pin is then moved on our own map (components/map-pick).
 */
import Taro from '@tarojs/taro';
import type { Point } from '../api/citizen';
import { ApiError } from '../api/errors';

export interface PickedPlace {
  point: Point;
  /** The place name WeChat's picker gives, if any. */
  address: string | null;
}

/** The server keeps at most 200 characters of an address. */
const ADDRESS_MAX = 200;

const LOCATION_DENIED = new ApiError(-1, 'location.denied', 'location unavailable');

/** The device's position, or throws LOCATION_DENIED (no permission, no fix). */
export async function currentPoint(): Promise<Point> {
  if (process.env.TARO_ENV === 'weapp') {
    const { latitude, longitude } = await Taro.getLocation({ type: 'gcj02' }).catch(() => {
      throw LOCATION_DENIED;
    });
    return { lat: latitude, lng: longitude, coordSystem: 'gcj02' };
  }
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) return reject(LOCATION_DENIED);
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => resolve({ lat: coords.latitude, lng: coords.longitude, coordSystem: 'wgs84' }),
      () => reject(LOCATION_DENIED),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  });
}

/** weapp: WeChat's location picker, opened at the current pin. Resolves null when cancelled. */
export async function chooseWeappPlace(near: Point | null): Promise<PickedPlace | null> {
  const result = await Taro.chooseLocation(near ? { latitude: near.lat, longitude: near.lng } : {}).catch(() => null);
  if (!result || !result.latitude) return null;
  return { point: { lat: result.latitude, lng: result.longitude, coordSystem: 'gcj02' }, address: (result.name || result.address || '').slice(0, ADDRESS_MAX) || null };
}
