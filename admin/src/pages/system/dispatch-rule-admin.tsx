/** 派遣规则: a street's own unit for a category, overriding the category's default in the dispatch suggestion. */
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Popconfirm, Select, Space, Table } from 'antd';
import type { DispatchRule } from '../../api/contract';
import { useCategories, useDepartments } from '../../api/hooks';
import { listDispatchRules, removeDispatchRule, setDispatchRule } from '../../api/system';
import { describeError } from '../../components/errors';
import { useSave } from '../../components/use-save';

interface RuleValues {
  categoryCode: string;
  streetCode: string;
  departmentCode: string;
}

export function DispatchRuleAdmin() {
  const [form] = Form.useForm<RuleValues>();
  const query = useQuery({ queryKey: ['dispatch-rules'], queryFn: listDispatchRules });
  const categories = useCategories();
  const departments = useDepartments();
  const streets = departments.data?.filter((department) => department.streetCode) ?? [];
  const save = useSave((rule: RuleValues) => setDispatchRule(rule.categoryCode, rule.streetCode, rule.departmentCode), [['dispatch-rules']], '规则已保存', () => form.resetFields());
  const remove = useSave((rule: DispatchRule) => removeDispatchRule(rule.category.code, rule.street.code), [['dispatch-rules']], '规则已删除');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Form<RuleValues> form={form} layout="inline" onFinish={(values) => save.mutate(values)} style={{ rowGap: 8 }}>
        <Form.Item name="categoryCode" rules={[{ required: true, message: '选择类别' }]}>
          <Select showSearch optionFilterProp="label" placeholder="类别" style={{ width: 220 }} options={categories.data?.map((category) => ({ value: category.code, label: `${category.code} ${category.name}` }))} />
        </Form.Item>
        <Form.Item name="streetCode" rules={[{ required: true, message: '选择街道' }]}>
          <Select placeholder="街道" style={{ width: 160 }} options={streets.map((office) => ({ value: office.streetCode!, label: office.name }))} />
        </Form.Item>
        <Form.Item name="departmentCode" rules={[{ required: true, message: '选择单位' }]}>
          <Select showSearch optionFilterProp="label" placeholder="派遣到" style={{ width: 260 }} options={departments.data?.map((department) => ({ value: department.code, label: department.name }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          保存规则
        </Button>
      </Form>
      <Table<DispatchRule>
        size="small"
        rowKey={(rule) => `${rule.category.code}/${rule.street.code}`}
        loading={query.isFetching}
        dataSource={query.data}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        locale={{ emptyText: query.error ? `加载失败：${describeError(query.error).detail}` : '没有派遣规则：按类别的默认单位派遣' }}
        columns={[
          { title: '类别', render: (_, rule) => `${rule.category.code} ${rule.category.name}` },
          { title: '街道', render: (_, rule) => rule.street.name },
          { title: '派遣到', render: (_, rule) => rule.department.name },
          {
            title: '',
            width: 80,
            render: (_, rule) => (
              <Popconfirm title="删除这条规则？" okText="删除" cancelText="取消" onConfirm={() => remove.mutate(rule)}>
                <Button size="small" danger>
                  删除
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Space>
  );
}
