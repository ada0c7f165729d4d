/**
 * 汇总与异常: the batch's lines per status and channel, the month's rewards per street and
 * category, and what is worth a second look before approval: the citizens with the most rewards
 * and the devices (mini program installations) reporting for several payees or very often.
 */
import { useState } from 'react';
import { Button, Card, Col, InputNumber, Modal, Row, Space, Table, Typography, type TableColumnsType } from 'antd';
import type { BatchReview, PayoutChannel, PayoutLineStatus, SettlementBatch } from '../../api/contract';
import { QueryState } from '../../components/query-state';
import { CHANNEL_LABELS } from '../../../../server/src/settlement/labels.js';
import { BatchLines } from './batch-lines';
import { LineStatusTag } from './batch-status';
import { formatYuan } from './money';
import { DEFAULT_OUTLIER_MIN_DEVICE_REPORTS, DEFAULT_OUTLIER_MIN_REWARDS, useBatchReview } from './use-batch-review';

type Earnings = BatchReview['totals']['byStreet'][number];

function EarningsTable({ title, rows, codeTitle }: { title: string; rows: Earnings[]; codeTitle: string }) {
  return (
    <Card size="small" title={title}>
      <Table<Earnings>
        size="small"
        rowKey={(row) => row.code ?? '—'}
        dataSource={rows}
        pagination={false}
        summary={(data) => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">{data.reduce((sum, row) => sum + row.rewards, 0)}</Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">{formatYuan(data.reduce((sum, row) => sum + row.amountFen, 0))}</Table.Summary.Cell>
          </Table.Summary.Row>
        )}
        columns={[
          { title: codeTitle, render: (_, row) => (row.name ? `${row.name}（${row.code}）` : (row.code ?? '未知')) },
          { title: '奖励次数', dataIndex: 'rewards', align: 'right' },
          { title: '净奖励', dataIndex: 'amountFen', align: 'right', render: (fen: number) => formatYuan(fen) },
        ]}
      />
    </Card>
  );
}

/** A list of what is worth a second look, with the threshold finance may move. */
function OutlierCard<T extends object>(props: {
  title: string;
  threshold: string;
  ariaLabel: string;
  value: number;
  onChange: (value: number) => void;
  rows: T[];
  rowKey: keyof T & string;
  emptyText: string;
  columns: TableColumnsType<T>;
}) {
  const extra = (
    <Space>
      <Typography.Text>{props.threshold} ≥</Typography.Text>
      <InputNumber min={1} value={props.value} onChange={(value) => value && props.onChange(value)} aria-label={props.ariaLabel} style={{ width: 80 }} />
    </Space>
  );
  return (
    <Card size="small" title={props.title} extra={extra}>
      <Table<T> size="small" rowKey={props.rowKey} dataSource={props.rows} pagination={false} locale={{ emptyText: props.emptyText }} columns={props.columns} />
    </Card>
  );
}

export function BatchTotals({ batch }: { batch: SettlementBatch }) {
  const [outlierMin, setOutlierMin] = useState(DEFAULT_OUTLIER_MIN_REWARDS);
  const [deviceMin, setDeviceMin] = useState(DEFAULT_OUTLIER_MIN_DEVICE_REPORTS);
  const [citizenId, setCitizenId] = useState<number | null>(null);
  const review = useBatchReview(batch.id, outlierMin, deviceMin);
  return (
    <QueryState query={review}>
      {({ totals, outliers, deviceOutliers }) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Card size="small" title="按状态与渠道">
            <Table
              size="small"
              rowKey={(row) => `${row.status}-${row.channel}`}
              dataSource={totals.byStatusAndChannel}
              pagination={false}
              columns={[
                { title: '状态', dataIndex: 'status', render: (status: PayoutLineStatus) => <LineStatusTag status={status} /> },
                { title: '渠道', dataIndex: 'channel', render: (channel: PayoutChannel) => CHANNEL_LABELS[channel] },
                { title: '人数', dataIndex: 'lines', align: 'right' },
                { title: '金额', dataIndex: 'amountFen', align: 'right', render: (fen: number) => formatYuan(fen) },
              ]}
            />
          </Card>
          <Row gutter={12}>
            <Col span={12}>
              <EarningsTable title={`${batch.month} 按街道`} codeTitle="街道" rows={totals.byStreet} />
            </Col>
            <Col span={12}>
              <EarningsTable title={`${batch.month} 按案件类别`} codeTitle="类别" rows={totals.byCategory} />
            </Col>
          </Row>
          <OutlierCard
            title="异常关注：当月奖励次数多的市民"
            threshold="奖励次数"
            ariaLabel="异常阈值"
            value={outlierMin}
            onChange={setOutlierMin}
            rows={outliers}
            rowKey="id"
            emptyText={`没有当月奖励 ≥ ${outlierMin} 次的市民`}
            columns={[
              { title: '行号', dataIndex: 'id' },
              { title: '市民编号', dataIndex: 'citizenId' },
              { title: '当月奖励次数', dataIndex: 'rewardCount', align: 'right' },
              { title: '金额', dataIndex: 'amountFen', align: 'right', render: (fen: number) => formatYuan(fen) },
              { title: '状态', dataIndex: 'status', render: (status: PayoutLineStatus) => <LineStatusTag status={status} /> },
              { title: '', render: (_, row) => <Button size="small" onClick={() => setCitizenId(row.citizenId)}>查看/剔除</Button> },
            ]}
          />
          <OutlierCard
            title="异常关注：同一设备为多个账号上报或当月上报多"
            threshold="上报次数"
            ariaLabel="设备异常阈值"
            value={deviceMin}
            onChange={setDeviceMin}
            rows={deviceOutliers}
            rowKey="deviceId"
            emptyText={`没有为多个账号上报或当月上报 ≥ ${deviceMin} 次的设备`}
            columns={[
              { title: '设备（小程序安装标识）', dataIndex: 'deviceId', render: (id: string) => <Typography.Text code>…{id.slice(-8)}</Typography.Text> },
              { title: '当月上报', dataIndex: 'reports', align: 'right' },
              { title: '上报账号数', dataIndex: 'citizens', align: 'right' },
              {
                title: '本批次领奖市民',
                render: (_, row) => (
                  <Space wrap>
                    {row.payees.map((payee) => (
                      <Button key={payee} size="small" onClick={() => setCitizenId(payee)}>市民 {payee}</Button>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
          {citizenId !== null && (
            <Modal open width={1100} title={`市民 ${citizenId} 的发放线路`} footer={null} onCancel={() => setCitizenId(null)} destroyOnHidden>
              <BatchLines batch={batch} initialFilter={{ citizenId }} />
            </Modal>
          )}
        </Space>
      )}
    </QueryState>
  );
}
