/**
 * 总览: today's throughput by stage, the open cases by status and light, a map of open cases
 * coloured by light, and the most overdue. Refreshes every 30 s without reloading the page.
 */
import { Button, Card, Col, Row, Space, Statistic, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import type { Overview } from '../../api/contract';
import { useOverview } from '../../api/hooks';
import { useDepartmentName } from '../../api/names';
import { QueryState } from '../../components/query-state';
import { formatTime } from '../../format';
import { OpenCaseCharts } from './open-case-charts';
import { OpenCaseMap } from './open-case-map';
import { OverdueTable } from './overdue-table';

const TODAY: Array<{ key: keyof Omit<Overview['today'], 'date'>; label: string }> = [
  { key: 'reported', label: '上报' },
  { key: 'accepted', label: '受理' },
  { key: 'registered', label: '立案' },
  { key: 'dispatched', label: '派遣' },
  { key: 'handled', label: '处置' },
  { key: 'closed', label: '结案' },
  { key: 'rejected', label: '不予立案' },
];

export default function OverviewPage() {
  const query = useOverview();
  return <QueryState query={query}>{(overview) => <OverviewBody overview={overview} refreshing={query.isFetching} onRefresh={() => query.refetch()} />}</QueryState>;
}

function OverviewBody({ overview, refreshing, onRefresh }: { overview: Overview; refreshing: boolean; onRefresh: () => void }) {
  const navigate = useNavigate();
  const departmentName = useDepartmentName();
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          总览{overview.departmentCode ? ` · ${departmentName(overview.departmentCode)}` : ''}
        </Typography.Title>
        <Space>
          <Typography.Text type="secondary" data-testid="overview-as-of">
            数据时间 {formatTime(overview.asOf, 'YYYY-MM-DD HH:mm:ss')}，每 30 秒自动刷新
          </Typography.Text>
          <Button size="small" icon={<ReloadOutlined />} loading={refreshing} onClick={onRefresh}>
            刷新
          </Button>
        </Space>
      </Space>
      <Card size="small" title={`今日（${overview.today.date}）`}>
        <Row gutter={12}>
          {TODAY.map(({ key, label }) => (
            <Col key={key} xs={12} sm={8} md={6} lg={3}>
              <Statistic title={label} value={overview.today[key]} />
            </Col>
          ))}
          <Col xs={12} sm={8} md={6} lg={3}>
            <Statistic title="在办案件" value={overview.open.total} valueStyle={{ color: '#1565c0' }} />
          </Col>
        </Row>
      </Card>
      <Row gutter={12}>
        <Col xs={24} xl={14}>
          <OpenCaseMap overview={overview} onOpen={(id) => navigate(`/cases/${id}`)} />
        </Col>
        <Col xs={24} xl={10}>
          <OpenCaseCharts open={overview.open} />
        </Col>
      </Row>
      <OverdueTable cases={overview.topOverdue} />
    </Space>
  );
}
