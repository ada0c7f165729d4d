/**
 * 工单录入: the agent writes down what the caller reported (category, place, description) and the
 * ticket enters the same intake as a mini-program report; the answer says which case it became.
 */
import { Alert, Button, Form, Input, Select } from 'antd';
import { Link } from 'react-router-dom';
import { completeTicket } from '../../api/hotline';
import { useCategories } from '../../api/hooks';
import type { CompletedTicket, GridLookup, HotlineTicket } from '../../api/contract';
import { TemplateText } from '../../components/actions/template-text';
import { useSave } from '../../components/use-save';
import { LocationPicker } from './location-picker';

interface Values {
  categoryCode: string;
  location: GridLookup;
  address?: string;
  description: string;
}

export function CompleteTicketForm({ ticket, onDone }: { ticket: HotlineTicket; onDone: (result: CompletedTicket) => void }) {
  const [form] = Form.useForm<Values>();
  const categories = useCategories();
  const categoryCode = Form.useWatch('categoryCode', form);
  const save = useSave(
    (values: Values) =>
      completeTicket(ticket.id, {
        categoryCode: values.categoryCode,
        lat: values.location.point.lat,
        lng: values.location.point.lng,
        coordSystem: 'wgs84',
        address: values.address?.trim() || null,
        description: values.description,
      }),
    [['hotline-tickets'], ['hotline-active-calls'], ['cases']],
    `工单 ${ticket.number} 已录入`,
    onDone,
  );
  return (
    <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)} disabled={save.isPending} aria-label="工单录入">
      <Form.Item name="categoryCode" label="问题类别" rules={[{ required: true, message: '请选择问题类别' }]}>
        <Select
          showSearch
          optionFilterProp="label"
          placeholder="输入类别名称搜索，如 暴露垃圾"
          loading={categories.isPending}
          options={categories.data?.map((category) => ({ value: category.code, label: `${category.code} ${category.majorName} · ${category.name}` }))}
          data-testid="category-select"
        />
      </Form.Item>
      <Form.Item name="location" label="问题位置" rules={[{ required: true, message: '请在地图上选择问题位置' }]}>
        <LocationPicker />
      </Form.Item>
      <Form.Item name="address" label="地址描述（可选）">
        <Input maxLength={200} placeholder="如 龙城大道 88 号门口" />
      </Form.Item>
      <Form.Item name="description" label="问题描述" rules={[{ required: true, whitespace: true, message: '请填写问题描述' }]}>
        <TemplateText action="any" categoryCode={categoryCode} placeholder="按来电人所述记录问题" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>提交立案受理</Button>
    </Form>
  );
}

/** What became of a completed ticket: a new case, or a duplicate joined to an open one. */
export function CompletedNotice({ result }: { result: CompletedTicket }) {
  const { caseId, isPrimary } = result.report;
  return (
    <Alert
      type="success"
      showIcon
      data-testid="completed-notice"
      message={isPrimary ? `已生成新案件 ${caseId}` : `与已有案件 ${caseId} 为同一问题，已并入该案件`}
      description={<Link to={`/cases/${caseId}`}>查看案件 {caseId}</Link>}
    />
  );
}
