/** 不予奖励名单: staff, full-time collectors and citizens flagged for abuse earn nothing while listed. */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Table } from 'antd';
import type { RewardExclusion } from '../../api/contract';
import { excludeCitizen, listExclusions, readmitCitizen } from '../../api/finance';
import { describeError } from '../../components/errors';
import { useSave } from '../../components/use-save';
import { formatTime } from '../../format';

const KIND_LABELS: Record<RewardExclusion['kind'], string> = { staff: '工作人员', collector: '专职信息采集员', abuse: '恶意举报' };
const PAGE_SIZE = 20;

interface Values {
  citizenId: number;
  kind: RewardExclusion['kind'];
  reason: string;
}

export function RewardExclusions() {
  const [page, setPage] = useState(1);
  const [form] = Form.useForm<Values>();
  const exclusions = useQuery({ queryKey: ['reward-exclusions', page], queryFn: () => listExclusions({ page, pageSize: PAGE_SIZE }), placeholderData: (previous) => previous });
  const exclude = useSave(({ citizenId, ...exclusion }: Values) => excludeCitizen(citizenId, exclusion), [['reward-exclusions']], '已加入不予奖励名单', () => form.resetFields());
  const readmit = useSave((citizenId: number) => readmitCitizen(citizenId), [['reward-exclusions']], '已移出名单，此后立案的案件恢复奖励');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title="加入名单">
        <Form<Values> form={form} layout="inline" onFinish={(values) => exclude.mutate(values)} style={{ rowGap: 8 }}>
          <Form.Item name="citizenId" rules={[{ required: true, message: '填写市民编号' }]}>
            <InputNumber min={1} placeholder="市民编号" style={{ width: 120 }} aria-label="市民编号" />
          </Form.Item>
          <Form.Item name="kind" rules={[{ required: true, message: '选择类型' }]}>
            <Select placeholder="类型" style={{ width: 150 }} options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))} aria-label="类型" />
          </Form.Item>
          <Form.Item name="reason" rules={[{ required: true, whitespace: true, max: 200, message: '填写原因' }]}>
            <Input placeholder="原因" style={{ width: 280 }} aria-label="原因" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={exclude.isPending}>
            加入
          </Button>
        </Form>
      </Card>
      <Table<RewardExclusion>
        size="small"
        rowKey="citizenId"
        loading={exclusions.isFetching}
        dataSource={exclusions.data?.exclusions}
        locale={{ emptyText: exclusions.error ? `加载失败：${describeError(exclusions.error).detail}` : '名单为空' }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: exclusions.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: '市民编号', dataIndex: 'citizenId' },
          { title: '微信 openid', dataIndex: 'openid', render: (openid: string | null) => openid ?? '—' },
          { title: '昵称', dataIndex: 'nickname', render: (nickname: string | null) => nickname ?? '—' },
          { title: '类型', dataIndex: 'kind', render: (kind: RewardExclusion['kind']) => KIND_LABELS[kind] },
          { title: '原因', dataIndex: 'reason' },
          { title: '操作人', dataIndex: 'createdByName' },
          { title: '加入时间', dataIndex: 'createdAt', render: (at: string) => formatTime(at) },
          {
            title: '',
            render: (_, row) => (
              <Popconfirm title="移出名单？" description="此后立案的案件恢复奖励，名单期间的案件不补发。" okText="移出" cancelText="取消" onConfirm={() => readmit.mutate(row.citizenId)}>
                <Button size="small">移出</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Space>
  );
}
