import { useMemo } from 'react';
import { Alert, Card } from 'antd';
import type { Overview } from '../../api/contract';
import { LightLegend } from '../../components/light-legend';
import { LIGHT_COLORS, STATUS_LABELS } from '../../labels';
import { VectorMap, type MapPoint } from '../../map/vector-map';

const LIGHT_RANK = { none: 0, green: 1, yellow: 2, red: 3 } as const;

/** Open cases on the map, coloured by light; close ones cluster, a cluster taking its most urgent colour. */
export function OpenCaseMap({ overview, onOpen }: { overview: Overview; onOpen: (id: number) => void }) {
  const points = useMemo<MapPoint[]>(
    () =>
      overview.openCases.map((point) => ({
        id: point.id,
        lat: point.lat,
        lng: point.lng,
        color: LIGHT_COLORS[point.light],
        rank: LIGHT_RANK[point.light],
        title: `案件 ${point.id} · ${point.categoryCode} · ${STATUS_LABELS[point.status]}`,
      })),
    [overview.openCases],
  );
  return (
    <Card size="small" title="在办案件分布">
      {overview.openCasesTruncated && <Alert type="info" showIcon style={{ marginBottom: 8 }} message={`地图只显示最紧急的 ${points.length} 件`} />}
      <VectorMap points={points} cluster height={440} onPointClick={(id) => onOpen(Number(id))} ariaLabel="在办案件地图" legend={<LightLegend />} />
    </Card>
  );
}
