/**
 * Where the case is: its point, its unit grid, and the unfinished cases around it, so a reviewer
 * spots a duplicate and merges this case into it (this one is voided, its reports join the other).
 */
import { useState } from 'react';
import { Button, InputNumber, Popconfirm, Space, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useCaseAction, useGrid, useNearbyCases } from '../../api/hooks';
import type { CaseDetail, NearbyCase } from '../../api/contract';
import { LIGHT_COLORS } from '../../labels';
import { VectorMap, type MapPoint } from '../../map/vector-map';
import { LightTag } from '../light-tag';
import { LightLegend } from '../light-legend';

const DEFAULT_RADIUS_M = 200;
const LIGHT_RANK = { none: 0, green: 1, yellow: 2, red: 3 } as const;

export function CaseLocation({ detail, mayMerge }: { detail: CaseDetail; mayMerge: boolean }) {
  const [radiusM, setRadiusM] = useState(DEFAULT_RADIUS_M);
  const grid = useGrid(detail.gridCode);
  const nearby = useNearbyCases(detail.id, radiusM);
  const points: MapPoint[] = [
    ...(nearby.data ?? []).map((other) => ({
      id: other.id,
      lat: other.point.lat,
      lng: other.point.lng,
      color: LIGHT_COLORS[other.light],
      rank: LIGHT_RANK[other.light],
      title: `案件 ${other.id} · ${other.categoryName} · ${other.statusLabel} · ${other.distanceM} m`,
    })),
    { id: detail.id, lat: detail.point.lat, lng: detail.point.lng, color: '#1565c0', emphasis: true, title: `本案 ${detail.id} · ${detail.categoryName}` },
  ];
  const polygons = grid.data
    ? [{ id: grid.data.code, ring: grid.data.boundary.map(([lng, lat]) => ({ lat, lng })), stroke: '#1565c0', fill: 'rgba(21,101,192,0.08)', title: `网格 ${grid.data.code} · ${grid.data.communityName}` }]
    : [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={8}>
      <VectorMap points={points} polygons={polygons} height={260} ariaLabel={`案件 ${detail.id} 位置地图`} legend={<LightLegend withSubject />} />
      <Space wrap>
        <Typography.Text>周边未结案件，半径</Typography.Text>
        <InputNumber size="small" min={50} max={1000} step={50} value={radiusM} onChange={(value) => value && setRadiusM(value)} addonAfter="米" aria-label="查找半径" style={{ width: 130 }} />
        {grid.data && <Typography.Text type="secondary">网格：{grid.data.streetName} · {grid.data.communityName}</Typography.Text>}
      </Space>
      <NearbyTable detail={detail} rows={nearby.data} loading={nearby.isPending} mayMerge={mayMerge} />
    </Space>
  );
}

function NearbyTable({ detail, rows, loading, mayMerge }: { detail: CaseDetail; rows?: NearbyCase[]; loading: boolean; mayMerge: boolean }) {
  const merge = useCaseAction(detail.id);
  return (
    <Table<NearbyCase>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={rows}
      pagination={false}
      scroll={{ y: 180 }}
      locale={{ emptyText: '范围内没有其他未结案件' }}
      columns={[
        { title: '案件', dataIndex: 'id', render: (id: number) => <Link to={`/cases/${id}`}>{id}</Link>, width: 72 },
        { title: '类别', dataIndex: 'categoryName' },
        { title: '状态', dataIndex: 'statusLabel', width: 80 },
        { title: '灯', dataIndex: 'light', render: (light: NearbyCase['light']) => <LightTag light={light} />, width: 80 },
        { title: '距离', dataIndex: 'distanceM', render: (metres: number) => `${metres} m`, width: 72 },
        ...(mayMerge
          ? [
              {
                title: '',
                width: 96,
                render: (_: unknown, other: NearbyCase) => (
                  <Popconfirm
                    title={`将本案 ${detail.id} 合并到案件 ${other.id}？`}
                    description="本案作废，其举报并入该案件。"
                    okText="合并"
                    cancelText="取消"
                    onConfirm={() => merge.mutate({ action: 'merge', intoCaseId: other.id })}
                  >
                    <Button size="small">合并到此案</Button>
                  </Popconfirm>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
