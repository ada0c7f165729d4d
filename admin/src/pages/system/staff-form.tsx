import { Form, Input, Modal, Select, Switch } from 'antd';
import type { StaffAccount, StaffRole } from '../../api/contract';
import { useDepartments } from '../../api/hooks';
import { createStaff, updateStaff } from '../../api/system';
import { useSave } from '../../components/use-save';
import { ROLE_LABELS } from '../../labels';

interface Values {
  username: string;
  name: string;
  password?: string;
  roles: StaffRole[];
  departmentCode?: string | null;
  sipExtension?: string | null;
  disabled?: boolean;
}

/** The server's rule (users/schemas.ts): a FreeSWITCH user or a callcenter agent name@queue. */
const SIP_EXTENSION = /^(?:[0-9]+|[A-Za-z0-9._-]+@[A-Za-z0-9._-]+)$/;

/** A new account, or changes to one; a password typed here replaces the account's. */
export function StaffForm({ account, onClose }: { account: StaffAccount | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const departments = useDepartments();
  const roles = Form.useWatch('roles', form) ?? account?.roles ?? [];
  const save = useSave(
    ({ username, password, departmentCode, sipExtension, ...rest }: Values) => {
      // An emptied field takes the extension away.
      const assignment = { departmentCode: departmentCode ?? null, sipExtension: sipExtension?.trim() || null };
      return account
        ? updateStaff(account.id, { ...rest, ...assignment, ...(password ? { password } : {}) })
        : createStaff({ username, password: password!, ...assignment, name: rest.name, roles: rest.roles });
    },
    [['staff']],
    account ? '已保存' : '已创建',
    onClose,
  );
  return (
    <Modal open title={account ? `编辑人员 ${account.username}` : '新建人员'} okText="保存" cancelText="取消" onOk={() => form.submit()} onCancel={onClose} confirmLoading={save.isPending} destroyOnHidden>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={account ? { ...account, departmentCode: account.department?.code ?? null } : { roles: [] }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="username" label="用户名" rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{1,39}$/, message: '2–40 位小写字母、数字或 . _ -' }]}>
          <Input disabled={account !== null} autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="roles" label="角色" rules={[{ required: true, message: '至少一个角色' }]}>
          <Select mode="multiple" options={(Object.keys(ROLE_LABELS) as StaffRole[]).map((role) => ({ value: role, label: ROLE_LABELS[role] }))} />
        </Form.Item>
        <Form.Item name="departmentCode" label="处置单位" rules={[{ required: roles.includes('department'), message: '处置部门人员须选择单位' }]}>
          <Select allowClear showSearch optionFilterProp="label" options={departments.data?.map((department) => ({ value: department.code, label: department.name }))} />
        </Form.Item>
        <Form.Item
          name="sipExtension"
          label="坐席分机"
          extra="热线坐席接听来电所用的 FreeSWITCH 分机（如 1000）或呼叫中心坐席名（如 1002@default）；该坐席接起的来电只弹到本人的坐席台"
          rules={[{ pattern: SIP_EXTENSION, max: 32, message: '数字分机，或 坐席名@队列，最多 32 位' }]}
        >
          <Input allowClear autoComplete="off" placeholder="未设置" />
        </Form.Item>
        <Form.Item name="password" label={account ? '重置密码（留空不改）' : '初始密码'} rules={[{ required: !account, message: '请设置初始密码' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {account && (
          <Form.Item name="disabled" label="停用账号" valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
