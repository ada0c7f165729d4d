/** 常用语: the phrases every reason and note field offers, per action and optionally per category. */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { CreateTemplateInput, Template, TemplateAction } from '../../api/contract';
import { useCategories } from '../../api/hooks';
import { createTemplate, deleteTemplate, fetchTemplates, updateTemplate } from '../../api/templates';
import { describeError } from '../../components/errors';
import { useSave } from '../../components/use-save';
import { ACTION_LABELS } from '../../labels';
import { CASE_ACTIONS } from '../../../../server/src/auth/policies.js';

const actionLabel = (action: string) => (action === 'any' ? '全部动作' : (ACTION_LABELS[action as keyof typeof ACTION_LABELS] ?? action));
// 'any': offered with every action.
const TEMPLATE_ACTIONS: TemplateAction[] = ['any', ...CASE_ACTIONS];
const actionOptions = TEMPLATE_ACTIONS.map((action) => ({ value: action, label: actionLabel(action) }));

export function TemplateAdmin() {
  const [action, setAction] = useState<TemplateAction>();
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const query = useQuery({ queryKey: ['templates', action ?? 'all'], queryFn: () => fetchTemplates(action ? { action } : {}) });
  const remove = useSave((id: number) => deleteTemplate(id), [['templates']], '已删除');
  const categories = useCategories();
  const categoryName = (code: string | null) => (code ? (categories.data?.find((category) => category.code === code)?.name ?? code) : '全部类别');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Select<TemplateAction> allowClear placeholder="全部动作" style={{ width: 160 }} options={actionOptions} onChange={setAction} aria-label="按动作筛选" />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建常用语
        </Button>
      </Space>
      <Table<Template>
        size="small"
        rowKey="id"
        loading={query.isFetching}
        dataSource={query.data}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        locale={{ emptyText: query.error ? `加载失败：${describeError(query.error).detail}` : '暂无常用语' }}
        columns={[
          { title: '动作', dataIndex: 'action', width: 120, render: actionLabel },
          { title: '类别', dataIndex: 'categoryCode', width: 160, render: categoryName },
          { title: '内容', dataIndex: 'text' },
          { title: '排序', dataIndex: 'sortOrder', width: 72 },
          {
            title: '操作',
            width: 140,
            render: (_, template) => (
              <Space>
                <Button size="small" onClick={() => setEditing(template)}>
                  编辑
                </Button>
                <Popconfirm title="删除这条常用语？" okText="删除" cancelText="取消" onConfirm={() => remove.mutate(template.id)}>
                  <Button size="small" danger>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing && <TemplateForm template={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Space>
  );
}

function TemplateForm({ template, onClose }: { template: Template | null; onClose: () => void }) {
  const [form] = Form.useForm<CreateTemplateInput>();
  const categories = useCategories();
  const save = useSave((input: CreateTemplateInput) => (template ? updateTemplate(template.id, input) : createTemplate(input)), [['templates']], '已保存', onClose);
  return (
    <Modal open title={template ? '编辑常用语' : '新建常用语'} okText="保存" cancelText="取消" onOk={() => form.submit()} onCancel={onClose} confirmLoading={save.isPending} destroyOnHidden>
      <Form<CreateTemplateInput>
        form={form}
        layout="vertical"
        initialValues={template ?? { action: 'reject', categoryCode: null, sortOrder: 0 }}
        onFinish={(values) => save.mutate({ ...values, categoryCode: values.categoryCode ?? null })}
      >
        <Form.Item name="action" label="用于动作" rules={[{ required: true }]}>
          <Select options={actionOptions} />
        </Form.Item>
        <Form.Item name="categoryCode" label="仅用于类别（留空为全部类别）">
          <Select allowClear showSearch optionFilterProp="label" options={categories.data?.map((category) => ({ value: category.code, label: `${category.code} ${category.name}` }))} />
        </Form.Item>
        <Form.Item name="text" label="内容" rules={[{ required: true, min: 2, max: 200, message: '2–200 个字' }]}>
          <Input.TextArea rows={3} maxLength={200} showCount />
        </Form.Item>
        <Form.Item name="sortOrder" label="排序（小的在前）">
          <InputNumber />
        </Form.Item>
      </Form>
    </Modal>
  );
}
