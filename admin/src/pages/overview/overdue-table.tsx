import { Card, Table } from 'antd';
import { Link } from 'react-router-dom';
import type { CaseSummary } from '../../api/contract';
import { useDepartmentName } from '../../api/names';
import { queueColumns } from '../../components/case-queue';

/** The most overdue red cases, the longest overdue first. */
export function OverdueTable({ cases }: { cases: CaseSummary[] }) {
  const departmentName = useDepartmentName();
  return (
    <Card size="small" title="超时案件（红灯）">
      <Table<CaseSummary>
        size="small"
        rowKey="id"
        dataSource={cases}
        pagination={false}
        locale={{ emptyText: '没有超时案件' }}
        columns={[
          { ...queueColumns.id, render: (id: number) => <Link to={`/cases/${id}`}>{id}</Link> },
          queueColumns.category,
          queueColumns.street,
          queueColumns.status,
          { title: '处置单位', dataIndex: 'departmentCode', render: (code: string | null) => departmentName(code) },
          queueColumns.dueAt,
        ]}
      />
    </Card>
  );
}
