/** 结算批次: one batch per month, newest first; finance builds a month's batch once the month has ended. */
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, DatePicker, Form, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { SettlementBatch } from '../../api/contract';
import { createBatch, listBatches } from '../../api/finance';
import { mayAny } from '../../auth/permissions';
import { useStaff } from '../../auth/session';
import { QueryState } from '../../components/query-state';
import { useSave } from '../../components/use-save';
import { formatTime } from '../../format';
import { BatchStatusTag } from './batch-status';

export function BatchList() {
  const staff = useStaff();
  const navigate = useNavigate();
  const batches = useQuery({ queryKey: ['settlement', 'batches'], queryFn: listBatches });
  const create = useSave((month: string) => createBatch(month), [['settlement', 'batches']], '结算批次已生成', (result) => navigate(String(result.batch.id)));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {mayAny(staff, ['manage_settlement']) && (
        <Card size="small" title="生成月度结算批次">
          <Form<{ month: Dayjs }> layout="inline" initialValues={{ month: dayjs().subtract(1, 'month') }} onFinish={({ month }) => create.mutate(month.format('YYYY-MM'))}>
            <Form.Item name="month" label="结算月份" rules={[{ required: true, message: '选择月份' }]}>
              <DatePicker picker="month" disabledDate={(day) => !day.isBefore(dayjs().startOf('month'))} allowClear={false} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              生成批次
            </Button>
            <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
              每月 1 日 02:00 自动生成上月批次；同一月份只有一个批次，重复生成会打开已有批次。
            </Typography.Text>
          </Form>
        </Card>
      )}
      <Card size="small" title="结算批次">
        <QueryState query={batches} isEmpty={(rows) => rows.length === 0} emptyText="尚无结算批次">
          {(rows) => (
            <Table<SettlementBatch>
              size="small"
              rowKey="id"
              dataSource={rows}
              pagination={false}
              columns={[
                { title: '月份', dataIndex: 'month', render: (month: string, batch) => <Link to={String(batch.id)}>{month}</Link> },
                { title: '状态', dataIndex: 'status', render: (status: SettlementBatch['status']) => <BatchStatusTag status={status} /> },
                { title: '生成时间', dataIndex: 'createdAt', render: (at: string) => formatTime(at) },
                { title: '生成人', render: (_, batch) => (batch.createdBy === null ? '系统定时' : batch.createdByName) },
                { title: '复核（制单）', render: (_, batch) => (batch.maker ? `${batch.maker.name ?? ''} ${formatTime(batch.maker.at)}` : '—') },
                { title: '审批', render: (_, batch) => (batch.checker ? `${batch.checker.name ?? ''} ${formatTime(batch.checker.at)}` : '—') },
                { title: '', render: (_, batch) => <Link to={String(batch.id)}>查看</Link> },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </Space>
  );
}
