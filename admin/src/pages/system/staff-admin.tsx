/** 人员与角色: staff accounts, their roles and unit; create, change, disable, unlock after a lockout. */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Input, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { StaffAccount, StaffRole } from '../../api/contract';
import { useDepartmentName } from '../../api/names';
import { listStaff, unlockStaff } from '../../api/system';
import { describeError } from '../../components/errors';
import { useSave } from '../../components/use-save';
import { formatTime } from '../../format';
import { ROLE_LABELS } from '../../labels';
import { StaffForm } from './staff-form';

const ROLES = Object.keys(ROLE_LABELS) as StaffRole[];

export function StaffAdmin() {
  const [filter, setFilter] = useState<{ role?: StaffRole; username?: string; page: number }>({ page: 1 });
  const [editing, setEditing] = useState<StaffAccount | 'new' | null>(null);
  const query = useQuery({ queryKey: ['staff', filter], queryFn: () => listStaff({ ...filter, pageSize: 20 }), placeholderData: (previous) => previous });
  const unlock = useSave((id: number) => unlockStaff(id), [['staff']], '已解锁');
  const departmentName = useDepartmentName();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search placeholder="用户名前缀" allowClear onSearch={(username) => setFilter({ ...filter, username: username || undefined, page: 1 })} style={{ width: 200 }} aria-label="用户名前缀" />
        <Select<StaffRole> allowClear placeholder="全部角色" style={{ width: 140 }} onChange={(role) => setFilter({ ...filter, role, page: 1 })} options={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建人员
        </Button>
      </Space>
      <Table<StaffAccount>
        size="small"
        rowKey="id"
        loading={query.isFetching}
        dataSource={query.data?.staff}
        locale={{ emptyText: query.error ? `加载失败：${describeError(query.error).detail}` : '没有符合条件的人员' }}
        pagination={{ current: filter.page, total: query.data?.total ?? 0, pageSize: 20, onChange: (page) => setFilter({ ...filter, page }), showSizeChanger: false }}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'name' },
          { title: '角色', dataIndex: 'roles', render: (roles: StaffRole[]) => roles.map((role) => <Tag key={role}>{ROLE_LABELS[role]}</Tag>) },
          { title: '处置单位', render: (_, account) => (account.department ? departmentName(account.department.code) : '—') },
          { title: '坐席分机', dataIndex: 'sipExtension', render: (extension: string | null) => extension ?? '—' },
          {
            title: '状态',
            render: (_, account) =>
              account.disabled ? <Tag color="default">已停用</Tag> : account.lockedUntil ? <Tag color="red">锁定至 {formatTime(account.lockedUntil)}</Tag> : <Tag color="green">正常</Tag>,
          },
          { title: '创建时间', dataIndex: 'createdAt', render: (at: string) => formatTime(at) },
          {
            title: '操作',
            render: (_, account) => (
              <Space>
                <Button size="small" onClick={() => setEditing(account)}>
                  编辑
                </Button>
                {account.lockedUntil && (
                  <Button size="small" onClick={() => unlock.mutate(account.id)}>
                    解锁
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && <StaffForm account={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Space>
  );
}
