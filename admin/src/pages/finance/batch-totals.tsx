/**
 * 汇总与异常: the batch's lines per status and channel, the month's rewards per street and
 * category, and the citizens with the most rewards (the ones worth a second look before approval).
 */
import { useState } from 'react';
import { Button, Card, Col, InputNumber, Modal, Row, Space, Table, Typography } from 'antd';
import type { BatchReview, PayoutChannel, PayoutLineStatus, SettlementBatch } from '../../api/contract';
import { QueryState } from '../../components/query-state';
import { CHANNEL_LABELS } from '../../../../server/src/settlement/labels.js';
import { BatchLines } from './batch-lines';
import { LineStatusTag } from './batch-status';
import { formatYuan } from './money';
import { DEFAULT_OUTLIER_MIN_REWARDS, useBatchReview } from './use-batch-review';

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

export function BatchTotals({ batch }: { batch: SettlementBatch }) {
  const [outlierMin, setOutlierMin] = useState(DEFAULT_OUTLIER_MIN_REWARDS);
  const [citizenId, setCitizenId] = useState<number | null>(null);
  const review = useBatchReview(batch.id, outlierMin);
  return (
    <QueryState query={review}>
      {({ totals, outliers }) => (
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
          <Card
            size="small"
            title="异常关注：当月奖励次数多的市民"
            extra={
              <Space>
                <Typography.Text>奖励次数 ≥</Typography.Text>
                <InputNumber min={1} value={outlierMin} onChange={(value) => value && setOutlierMin(value)} aria-label="异常阈值" style={{ width: 80 }} />
              </Space>
            }
          >
            <Table
              size="small"
              rowKey="id"
              dataSource={outliers}
              pagination={false}
              locale={{ emptyText: `没有当月奖励 ≥ ${outlierMin} 次的市民` }}
              columns={[
                { title: '行号', dataIndex: 'id' },
                { title: '市民编号', dataIndex: 'citizenId' },
                { title: '当月奖励次数', dataIndex: 'rewardCount', align: 'right' },
                { title: '金额', dataIndex: 'amountFen', align: 'right', render: (fen: number) => formatYuan(fen) },
                { title: '状态', dataIndex: 'status', render: (status: PayoutLineStatus) => <LineStatusTag status={status} /> },
                { title: '', render: (_, row) => <Button size="small" onClick={() => setCitizenId(row.citizenId)}>查看/剔除</Button> },
              ]}
            />
          </Card>
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
