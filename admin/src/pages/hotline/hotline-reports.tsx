/**
 * 热线报表: the day's call log, and the daily, weekly and monthly reports (calls, answered rate,
 * abandoned, waits, tickets, top categories, callback satisfaction), each exportable as .xlsx.
 */
import { useState } from 'react';
import { Button, Card, Col, DatePicker, Row, Segmented, Space, Statistic, Table, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import isoWeek from 'dayjs/plugin/isoWeek';
import { downloadHotlineReport, fetchCallLog, fetchHotlineReport, type ReportKind } from '../../api/hotline';
import type { HotlineCall, HotlineReport } from '../../api/contract';
import { QueryState } from '../../components/query-state';
import { formatTime } from '../../format';
import { useDownload } from '../finance/use-download';
import { MENU_LABELS, OUTCOME_LABELS } from './hotline-labels';

dayjs.extend(isoWeek);

const KIND_LABELS: Record<ReportKind, string> = { daily: '日报', weekly: '周报', monthly: '月报' };

/** The period a picked day falls in, as the server names it. */
function periodOf(kind: ReportKind, day: Dayjs): string {
  if (kind === 'daily') return day.format('YYYY-MM-DD');
  if (kind === 'weekly') return `${day.isoWeekYear()}-W${String(day.isoWeek()).padStart(2, '0')}`;
  return day.format('YYYY-MM');
}

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const seconds = (value: number | null) => (value === null ? '—' : `${value} 秒`);

export default function HotlineReports() {
  const [kind, setKind] = useState<ReportKind>('daily');
  const [day, setDay] = useState<Dayjs>(dayjs());
  const period = periodOf(kind, day);
  const report = useQuery({ queryKey: ['hotline-report', kind, period], queryFn: () => fetchHotlineReport(kind, period) });
  const download = useDownload(() => downloadHotlineReport(kind, period));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Space wrap>
        <Segmented value={kind} onChange={(value) => setKind(value as ReportKind)} options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))} />
        <DatePicker value={day} onChange={(value) => value && setDay(value)} picker={kind === 'daily' ? 'date' : kind === 'weekly' ? 'week' : 'month'} allowClear={false} aria-label="报表周期" />
        <Button icon={<DownloadOutlined />} loading={download.isPending} onClick={() => download.mutate()}>导出 Excel</Button>
      </Space>
      <QueryState query={report}>{(data) => <ReportCards report={data} title={`热线${KIND_LABELS[kind]} ${data.period}`} />}</QueryState>
      {kind === 'daily' && <CallLog date={period} />}
    </Space>
  );
}

function ReportCards({ report, title }: { report: HotlineReport; title: string }) {
  const { callbacks } = report;
  return (
    <Card size="small" title={title} data-testid="hotline-report">
      <Row gutter={[12, 12]}>
        <Col span={4}><Statistic title="来电总数" value={report.calls} /></Col>
        <Col span={4}><Statistic title="接通（已服务）" value={report.answered} /></Col>
        <Col span={4}><Statistic title="接通率" value={percent(report.answeredRate)} /></Col>
        <Col span={4}><Statistic title="放弃呼叫" value={report.abandoned} /></Col>
        <Col span={4}><Statistic title="平均等待" value={seconds(report.averageWaitSeconds)} /></Col>
        <Col span={4}><Statistic title="平均通话" value={seconds(report.averageTalkSeconds)} /></Col>
        <Col span={4}><Statistic title="新建工单" value={report.ticketsCreated} /></Col>
        <Col span={4}><Statistic title="回访完成" value={callbacks.done} /></Col>
        <Col span={4}><Statistic title="回访未接通" value={callbacks.unreachable} /></Col>
        <Col span={4}><Statistic title="满意率" value={percent(callbacks.satisfactionRate)} /></Col>
        <Col span={8}><Statistic title="满意 / 基本满意 / 不满意" value={`${callbacks.satisfied} / ${callbacks.basicallySatisfied} / ${callbacks.dissatisfied}`} /></Col>
      </Row>
      <Table
        size="small"
        style={{ marginTop: 12 }}
        rowKey="code"
        pagination={false}
        dataSource={report.topCategories}
        locale={{ emptyText: '本期没有录入的工单' }}
        columns={[
          { key: 'rank', title: '排名', render: (_, __, index) => index + 1 },
          { key: 'name', title: '问题类别', render: (_, row) => `${row.name}（${row.code}）` },
          { key: 'count', title: '工单数', dataIndex: 'count' },
        ]}
      />
    </Card>
  );
}

function CallLog({ date }: { date: string }) {
  const [paging, setPaging] = useState({ date, page: 1 });
  const page = paging.date === date ? paging.page : 1;
  const log = useQuery({ queryKey: ['hotline-calls', date, page], queryFn: () => fetchCallLog(date, page), placeholderData: (previous) => previous });
  return (
    <Card size="small" title={`通话日志 ${date}`}>
      <QueryState query={log}>
        {(data) => (
          <Table<HotlineCall>
            size="small"
            rowKey="id"
            dataSource={data.calls}
            aria-label="通话日志"
            locale={{ emptyText: '当天没有来电' }}
            pagination={{ current: data.page, pageSize: data.pageSize, total: data.total, onChange: (next) => setPaging({ date, page: next }), showSizeChanger: false }}
            columns={[
              { key: 'started', title: '来电时间', render: (_, call) => formatTime(call.startedAt, 'HH:mm:ss') },
              { key: 'caller', title: '来电号码', render: (_, call) => call.maskedNumber ?? '未显示号码' },
              { key: 'menu', title: '按键路径', render: (_, call) => call.menuPath.map((choice) => MENU_LABELS[choice] ?? choice).join(' → ') || '—' },
              { key: 'outcome', title: '结果', render: (_, call) => (call.outcome ? <Tag>{OUTCOME_LABELS[call.outcome]}</Tag> : <Tag color="green">通话中</Tag>) },
              { key: 'wait', title: '等待(秒)', render: (_, call) => call.waitSeconds ?? '—' },
              { key: 'talk', title: '通话(秒)', render: (_, call) => call.talkSeconds ?? '—' },
              { key: 'agent', title: '坐席', render: (_, call) => call.agent ?? '—' },
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}
