/** 案件类别: per category the handling limit, stage limits, dedup radius and window, and default unit. */
import { useState } from 'react';
import { Button, Table } from 'antd';
import type { Category } from '../../api/contract';
import { useCategories } from '../../api/hooks';
import { useDepartmentName } from '../../api/names';
import { describeError } from '../../components/errors';
import { CATEGORY_KIND_LABELS } from '../../labels';
import { CategoryForm, TIME_UNIT_LABELS } from './category-form';

export function CategoryAdmin() {
  const query = useCategories();
  const departmentName = useDepartmentName();
  const [editing, setEditing] = useState<Category | null>(null);
  return (
    <>
      <Table<Category>
        size="small"
        rowKey="code"
        loading={query.isFetching}
        dataSource={query.data}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        locale={{ emptyText: query.error ? `加载失败：${describeError(query.error).detail}` : '没有类别' }}
        columns={[
          { title: '代码', dataIndex: 'code', width: 80 },
          { title: '大类', width: 140, render: (_, category) => `${CATEGORY_KIND_LABELS[category.kind]} · ${category.majorName}` },
          { title: '名称', dataIndex: 'name' },
          { title: '处置时限', width: 110, render: (_, category) => `${category.timeLimit.value} ${TIME_UNIT_LABELS[category.timeLimit.unit]}` },
          { title: '受理/立案/派遣（时）', width: 150, render: (_, category) => `${category.stageLimits.accept} / ${category.stageLimits.register} / ${category.stageLimits.dispatch}` },
          { title: '查重半径', dataIndex: 'dedupRadiusM', width: 90, render: (metres: number) => `${metres} m` },
          { title: '查重窗口', dataIndex: 'dedupWindowH', width: 90, render: (hours: number) => `${hours} 小时` },
          { title: '默认处置单位', render: (_, category) => departmentName(category.department.code) },
          { title: '', width: 72, render: (_, category) => <Button size="small" onClick={() => setEditing(category)}>编辑</Button> },
        ]}
      />
      {editing && <CategoryForm category={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
