/** 处置单位: the units cases are dispatched to; an administrator may rename one (codes stay). */
import { Table, Tag, Typography } from 'antd';
import type { Department } from '../../api/contract';
import { useDepartments } from '../../api/hooks';
import { updateDepartment } from '../../api/system';
import { describeError } from '../../components/errors';
import { useSave } from '../../components/use-save';

export function DepartmentAdmin() {
  const query = useDepartments();
  const rename = useSave(({ code, name }: { code: string; name: string }) => updateDepartment(code, name), [['departments']], '已保存');
  return (
    <Table<Department>
      size="small"
      rowKey="code"
      loading={query.isFetching}
      dataSource={query.data}
      pagination={{ pageSize: 20, showSizeChanger: false }}
      locale={{ emptyText: query.error ? `加载失败：${describeError(query.error).detail}` : '没有处置单位' }}
      columns={[
        { title: '代码', dataIndex: 'code', width: 200 },
        {
          title: '名称（点击修改）',
          dataIndex: 'name',
          render: (name: string, department) => (
            <Typography.Text editable={{ onChange: (next) => next.trim() && next !== name && rename.mutate({ code: department.code, name: next.trim() }), tooltip: '修改名称' }}>{name}</Typography.Text>
          ),
        },
        { title: '类型', dataIndex: 'kind', width: 120, render: (kind: Department['kind']) => (kind === 'street_office' ? <Tag color="blue">街道办</Tag> : <Tag>职能部门</Tag>) },
        { title: '所属街道', dataIndex: 'streetCode', width: 140, render: (code?: string) => code ?? '—' },
      ]}
    />
  );
}
