/**
 * Where the caller's problem is: a street or community typed by name moves the map there; a
 * click on the map picks the spot, which the server places in its unit grid (drawn with it).
 */
import { useMemo, useState } from 'react';
import { Alert, AutoComplete, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { locatePoint, searchPlaces } from '../../api/hotline';
import { fetchGrid } from '../../api/cases';
import { describeError } from '../../components/errors';
import type { GridLookup } from '../../api/contract';
import { VectorMap, type MapPoint } from '../../map/vector-map';
import type { Datum, LatLng } from '../../map/projection';

interface Props {
  value?: GridLookup;
  onChange?: (value: GridLookup | undefined) => void;
}

export function LocationPicker({ value, onChange }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const places = useQuery({ queryKey: ['hotline-places', text], queryFn: () => searchPlaces(text), enabled: text.trim().length > 0 });
  const grid = useQuery({ queryKey: ['grid', value?.gridCode], queryFn: () => fetchGrid(value!.gridCode), enabled: value !== undefined, staleTime: Infinity });

  async function pick(point: LatLng, datum: Datum) {
    try {
      setError(undefined);
      onChange?.(await locatePoint(point, datum));
    } catch (failure) {
      setError(describeError(failure).detail || describeError(failure).title);
    }
  }

  const points = useMemo<MapPoint[]>(() => (value ? [{ id: 'picked', ...value.point, color: '#1677ff', emphasis: true, title: '问题位置' }] : []), [value]);
  const polygons = useMemo(
    () => (grid.data && value ? [{ id: grid.data.code, ring: grid.data.boundary.map(([lng, lat]) => ({ lat, lng })), stroke: '#1677ff', fill: 'rgba(22,119,255,.08)', title: `单元网格 ${grid.data.code}` }] : []),
    [grid.data, value],
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={6}>
      <AutoComplete
        value={text}
        onChange={setText}
        style={{ width: '100%' }}
        placeholder="输入街道或社区名称定位，再在地图上点击问题位置"
        aria-label="地址搜索"
        options={places.data?.map((place) => ({ value: place.code, label: `${place.name}（${place.parentName ?? ''}）` }))}
        onSelect={(code: string) => {
          const place = places.data?.find((candidate) => candidate.code === code);
          setText(place?.name ?? '');
          if (place) void pick(place, 'wgs84');
        }}
      />
      <VectorMap points={points} polygons={polygons} height={300} onMapClick={pick} ariaLabel="位置选择地图" />
      {error && <Alert type="warning" showIcon message={error} />}
      {value && (
        <Typography.Text data-testid="picked-location">
          {value.district.name} {value.street.name} {value.community.name} · 网格 {value.gridCode} · {value.point.lat.toFixed(5)}, {value.point.lng.toFixed(5)}
        </Typography.Text>
      )}
    </Space>
  );
}
