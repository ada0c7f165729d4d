import { Map, View } from '@tarojs/components';
import { wgs84ToGcj02 } from '../../../server/src/grids/coordinates';
import './map.scss';

interface Props {
  /** WGS-84, as the server stores every point. */
  lat: number;
  lng: number;
}

/**
 * Where a report is, read-only. weapp: WeChat's map (GCJ-02, so the stored WGS-84 point is
 * converted). H5: a gridded square with the pin, without tiles, and the coordinates.
 */
export function PointMap({ lat, lng }: Props) {
  if (process.env.TARO_ENV === 'weapp') {
    const shown = wgs84ToGcj02(lat, lng);
    return (
      <Map
        className='point-map'
        latitude={shown.lat}
        longitude={shown.lng}
        scale={17}
        markers={[{ id: 1, latitude: shown.lat, longitude: shown.lng, width: 28, height: 36, iconPath: '/assets/pin.png' }]}
        onError={() => undefined}
      />
    );
  }
  return (
    <View className='point-map point-map-plain'>
      <View className='map-pick-pin' style={{ left: '50%', top: '50%' }} />
      <View className='point-map-coords'>
        北纬 {lat.toFixed(5)}°，东经 {lng.toFixed(5)}°
      </View>
    </View>
  );
}
