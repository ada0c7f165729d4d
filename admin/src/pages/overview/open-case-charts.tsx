import { useMemo } from 'react';
import { Card } from 'antd';
import type { CaseStatus, Light, Overview } from '../../api/contract';
import { EChart, type ChartOption } from '../../components/echart';
import { LIGHT_COLORS, LIGHT_LABELS, STATUS_LABELS } from '../../labels';

const LIGHTS: Light[] = ['red', 'yellow', 'green', 'none'];

/** Where the open cases stand: how many at each stage, and how many on each light. */
export function OpenCaseCharts({ open }: { open: Overview['open'] }) {
  const byStatus = useMemo<ChartOption>(() => {
    const statuses = Object.keys(open.byStatus) as CaseStatus[];
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 12, top: 28, bottom: 28 },
      xAxis: { type: 'category', data: statuses.map((status) => STATUS_LABELS[status]) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: statuses.map((status) => open.byStatus[status]), itemStyle: { color: '#1565c0' }, barMaxWidth: 36, label: { show: true, position: 'top' } }],
    };
  }, [open]);
  const byLight = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          center: ['50%', '44%'],
          label: { formatter: '{b} {c}' },
          // Empty slices would only crowd the labels.
          data: LIGHTS.filter((light) => open.byLight[light] > 0).map((light) => ({ name: LIGHT_LABELS[light], value: open.byLight[light], itemStyle: { color: LIGHT_COLORS[light] } })),
        },
      ],
    }),
    [open],
  );
  return (
    <Card size="small" title={`在办案件（${open.total}）`}>
      <EChart option={byStatus} height={200} label="在办案件按阶段" />
      <EChart option={byLight} height={220} label="在办案件按亮灯" />
    </Card>
  );
}
