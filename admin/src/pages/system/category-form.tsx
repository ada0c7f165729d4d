import { Form, InputNumber, Modal, Select, Space } from 'antd';
import type { Category, UpdateCategoryInput } from '../../api/contract';
import { useDepartments } from '../../api/hooks';
import { updateCategory } from '../../api/system';
import { useSave } from '../../components/use-save';

export const TIME_UNIT_LABELS: Record<Category['timeLimit']['unit'], string> = { working_hours: '工作时', working_days: '工作日', natural_hours: '自然时' };

/** The settings an administrator may change; the code and name belong to the standard. */
export function CategoryForm({ category, onClose }: { category: Category; onClose: () => void }) {
  const [form] = Form.useForm<Required<UpdateCategoryInput>>();
  const departments = useDepartments();
  const save = useSave((input: UpdateCategoryInput) => updateCategory(category.code, input), [['categories']], '已保存', onClose);
  return (
    <Modal open title={`编辑类别 ${category.code} ${category.name}`} okText="保存" cancelText="取消" onOk={() => form.submit()} onCancel={onClose} confirmLoading={save.isPending} destroyOnHidden width={560}>
      <Form<Required<UpdateCategoryInput>>
        form={form}
        layout="vertical"
        initialValues={{ timeLimit: category.timeLimit, stageLimits: category.stageLimits, dedupRadiusM: category.dedupRadiusM, dedupWindowH: category.dedupWindowH, departmentCode: category.department.code }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item label="处置时限" required>
          <Space.Compact>
            <Form.Item name={['timeLimit', 'value']} noStyle rules={[{ required: true }]}>
              <InputNumber min={1} max={1000} precision={0} />
            </Form.Item>
            <Form.Item name={['timeLimit', 'unit']} noStyle>
              <Select style={{ width: 110 }} options={Object.entries(TIME_UNIT_LABELS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name={['stageLimits', 'accept']} label="受理时限（时）" rules={[{ required: true }]}>
            <InputNumber min={0.25} max={72} step={0.25} />
          </Form.Item>
          <Form.Item name={['stageLimits', 'register']} label="立案时限（时）" rules={[{ required: true }]}>
            <InputNumber min={0.25} max={72} step={0.25} />
          </Form.Item>
          <Form.Item name={['stageLimits', 'dispatch']} label="派遣时限（时）" rules={[{ required: true }]}>
            <InputNumber min={0.25} max={72} step={0.25} />
          </Form.Item>
        </Space>
        <Space size="large" wrap>
          <Form.Item name="dedupRadiusM" label="查重半径（米）" rules={[{ required: true }]}>
            <InputNumber min={20} max={100} precision={0} />
          </Form.Item>
          <Form.Item name="dedupWindowH" label="查重窗口（小时）" rules={[{ required: true }]}>
            <InputNumber min={1} max={720} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item name="departmentCode" label="默认处置单位" rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={departments.data?.map((department) => ({ value: department.code, label: department.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
