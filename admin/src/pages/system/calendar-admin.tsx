/**
 * 节假日: the statutory calendar per year. Next year's holidays are announced late in the year;
 * until an administrator enters them, deadlines reaching it count plain weekdays, so the missing
 * year is called out with a button to enter it.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Space, Table, Tag } from 'antd';
import type { CalendarYear } from '../../api/contract';
import { fetchCalendarWarnings, listCalendarYears } from '../../api/system';
import { describeError } from '../../components/errors';
import { formatTime } from '../../format';
import { CalendarYearForm } from './calendar-year-form';

export function CalendarAdmin() {
  const years = useQuery({ queryKey: ['calendar', 'years'], queryFn: listCalendarYears });
  const warnings = useQuery({ queryKey: ['calendar', 'warnings'], queryFn: fetchCalendarWarnings });
  const [editing, setEditing] = useState<{ year: number; entered: boolean } | null>(null);
  const next = warnings.data?.nextYear;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {next && !next.entered && (
        <Alert
          type="warning"
          showIcon
          message={`${next.year} 年节假日安排尚未录入`}
          description="国务院办公厅通知发布后请尽快录入；未录入前，跨入该年的时限按周一至周五工作日计算。"
          action={<Button type="primary" onClick={() => setEditing({ year: next.year, entered: false })}>录入 {next.year} 年安排</Button>}
        />
      )}
      {warnings.data?.deadlinesInMissingYears.map(({ year, clocks }) => (
        <Alert key={year} type="error" showIcon message={`${clocks} 个在办时限跨入未录入的 ${year} 年，按工作日估算`} />
      ))}
      <Table<CalendarYear>
        size="small"
        rowKey="year"
        loading={years.isFetching}
        dataSource={years.data}
        pagination={false}
        locale={{ emptyText: years.error ? `加载失败：${describeError(years.error).detail}` : '尚无节假日安排' }}
        columns={[
          { title: '年份', dataIndex: 'year', width: 80 },
          { title: '依据', dataIndex: 'source' },
          { title: '来源', width: 120, render: (_, row) => (row.fromDataFile ? <Tag>随系统发布</Tag> : <Tag color="blue">管理员录入</Tag>) },
          { title: '录入时间', dataIndex: 'enteredAt', width: 150, render: (at: string) => formatTime(at) },
          { title: '', width: 96, render: (_, row) => <Button size="small" onClick={() => setEditing({ year: row.year, entered: true })}>查看/修改</Button> },
        ]}
      />
      {editing && <CalendarYearForm {...editing} onClose={() => setEditing(null)} />}
    </Space>
  );
}
