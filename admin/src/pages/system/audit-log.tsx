/** 审计日志: every login, action and view of personal data, newest first, searchable. */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { AuditEntry } from '../../api/contract';
import { searchAuditLog } from '../../api/system';
import { describeError } from '../../components/errors';
import { formatTime } from '../../format';

interface SearchValues {
  username?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  range?: [Dayjs, Dayjs];
}

export function AuditLog() {
  const [search, setSearch] = useState<Record<string, string | undefined>>({});
  const [page, setPage] = useState(1);
  const query = useQuery({ queryKey: ['audit-log', search, page], queryFn: () => searchAuditLog({ ...search, page, pageSize: 20 }), placeholderData: (previous) => previous });
  function submit({ range, ...fields }: SearchValues) {
    const trimmed = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value?.trim() || undefined]));
    setSearch({ ...trimmed, from: range?.[0].startOf('day').toISOString(), to: range?.[1].endOf('day').toISOString() });
    setPage(1);
  }
  return (
    <>
      <Form<SearchValues> layout="inline" onFinish={submit} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="username">
          <Input placeholder="用户名" allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="action">
          <Input placeholder="动作，如 case.dispatch、login_failed" allowClear style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="targetType">
          <Input placeholder="对象类型，如 case" allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="targetId">
          <Input placeholder="对象编号" allowClear style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          查询
        </Button>
      </Form>
      <Table<AuditEntry>
        size="small"
        rowKey="id"
        loading={query.isFetching}
        dataSource={query.data?.entries}
        locale={{ emptyText: query.error ? `查询失败：${describeError(query.error).detail}` : '没有符合条件的记录' }}
        pagination={{ current: page, pageSize: 20, total: query.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (total) => `共 ${total} 条` }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 150, render: (at: string) => formatTime(at, 'YYYY-MM-DD HH:mm:ss') },
          { title: '用户', dataIndex: 'username', width: 120 },
          { title: '动作', dataIndex: 'action', width: 170 },
          { title: '对象', width: 130, render: (_, entry) => (entry.targetType ? `${entry.targetType} ${entry.targetId ?? ''}` : '—') },
          { title: 'IP', dataIndex: 'ip', width: 120 },
          { title: '详情', dataIndex: 'details', render: (details: AuditEntry['details']) => <Typography.Text code style={{ fontSize: 12 }}>{JSON.stringify(details)}</Typography.Text> },
        ]}
      />
    </>
  );
}
