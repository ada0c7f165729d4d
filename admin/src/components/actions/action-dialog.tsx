/**
 * The form of one workflow action: the fields that action takes on the server
 * (workflow/schemas.ts), reason and note fields with their 常用语, then POST …/actions.
 */
import { Alert, DatePicker, Form, InputNumber, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import type { CaseAction, CaseActionInput, CaseDetail } from '../../api/contract';
import { useCaseAction, useCategories, useDepartments } from '../../api/hooks';
import { ACTION_LABELS } from '../../labels';
import { TemplateText } from './template-text';
import { PhotoUpload } from './photo-upload';
import { ExtensionRequest } from './extension-request';

type Field = 'note' | 'noteRequired' | 'reason' | 'category' | 'department' | 'photos' | 'photosRequired' | 'extension' | 'reviewOn' | 'confirmed' | 'intoCase' | 'reports';

/** Each action's fields, as the server's schema requires them. */
export const ACTION_FIELDS: Record<CaseAction, Field[]> = {
  accept: ['note'],
  request_verification: ['note'],
  report_verification: ['confirmed', 'noteRequired', 'photos'],
  register: ['category', 'note'],
  reject: ['reason'],
  dispatch: ['department', 'note'],
  return: ['reason'],
  request_extension: ['extension', 'reason'],
  approve_extension: ['note'],
  deny_extension: ['reason'],
  hang: ['reason', 'reviewOn'],
  unhang: ['note'],
  urge: ['note'],
  supervise: ['noteRequired'],
  handle: ['photosRequired', 'noteRequired'],
  close: ['note'],
  rework: ['reason'],
  void: ['reason'],
  merge: ['intoCase'],
  split: ['reports'],
};

interface Values {
  note?: string;
  reason?: string;
  categoryCode?: string;
  departmentCode?: string;
  photoIds?: string[];
  extension?: { amount: number; unit: 'hours' | 'days' };
  reviewOn?: Dayjs;
  confirmed?: boolean;
  intoCaseId?: number;
  reportIds?: number[];
}

function toInput(action: CaseAction, values: Values): CaseActionInput {
  const { extension, reviewOn, ...rest } = values;
  const present = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined && value !== ''));
  return {
    action,
    ...present,
    ...(extension ? { [extension.unit]: extension.amount } : {}),
    ...(reviewOn ? { reviewOn: reviewOn.format('YYYY-MM-DD') } : {}),
  };
}

interface Props {
  detail: CaseDetail;
  action: CaseAction;
  onClose: () => void;
}

export function ActionDialog({ detail, action, onClose }: Props) {
  const [form] = Form.useForm<Values>();
  const perform = useCaseAction(detail.id, onClose);
  const fields = ACTION_FIELDS[action];
  const initialValues: Values = {
    categoryCode: detail.categoryCode,
    departmentCode: detail.suggestedDepartmentCode ?? undefined,
    extension: { amount: 4, unit: 'hours' },
  };
  return (
    <Modal
      open
      title={`${ACTION_LABELS[action]} · 案件 ${detail.id}`}
      okText={ACTION_LABELS[action]}
      okButtonProps={{ danger: action === 'void' || action === 'reject', 'data-testid': 'action-submit' }}
      cancelText="取消"
      confirmLoading={perform.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      {detail.pendingExtension && (action === 'approve_extension' || action === 'deny_extension') && (
        <Alert
          style={{ marginBottom: 12 }}
          type="info"
          message={`第 ${detail.pendingExtension.ordinal} 次延期申请：${detail.pendingExtension.amount} ${detail.pendingExtension.unit === 'days' ? '个工作日' : '工作小时'}`}
          description={`理由：${detail.pendingExtension.reason}`}
        />
      )}
      <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => perform.mutate(toInput(action, values))}>
        {fields.map((field) => (
          <ActionField key={field} field={field} action={action} detail={detail} />
        ))}
      </Form>
    </Modal>
  );
}

const reasonRules = [{ required: true, message: '请填写理由' }, { min: 2, message: '至少 2 个字' }];

function ActionField({ field, action, detail }: { field: Field; action: CaseAction; detail: CaseDetail }) {
  const categories = useCategories();
  const departments = useDepartments();
  const text = <TemplateText action={action} categoryCode={detail.categoryCode} />;
  switch (field) {
    case 'note':
      return <Form.Item name="note" label="说明（可选）">{text}</Form.Item>;
    case 'noteRequired':
      return <Form.Item name="note" label={action === 'handle' ? '处置情况' : '说明'} rules={[{ required: true, message: '请填写说明' }]}>{text}</Form.Item>;
    case 'reason':
      return <Form.Item name="reason" label="理由" rules={reasonRules}>{text}</Form.Item>;
    case 'category':
      return (
        <Form.Item name="categoryCode" label="案件类别（可更正）" rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" loading={categories.isPending} options={categories.data?.map((category) => ({ value: category.code, label: `${category.code} ${category.majorName} · ${category.name}` }))} />
        </Form.Item>
      );
    case 'department':
      return (
        <Form.Item name="departmentCode" label="处置单位" rules={[{ required: true, message: '请选择处置单位' }]} extra={detail.suggestedDepartmentCode ? '已按派遣规则预选建议单位' : undefined}>
          <Select showSearch optionFilterProp="label" loading={departments.isPending} options={departments.data?.map((department) => ({ value: department.code, label: department.name }))} />
        </Form.Item>
      );
    case 'photos':
    case 'photosRequired':
      return (
        <Form.Item name="photoIds" label={action === 'handle' ? '处置后照片' : '现场照片'} rules={field === 'photosRequired' ? [{ required: true, type: 'array', min: 1, message: '请上传至少一张处置后照片' }] : []}>
          <PhotoUpload />
        </Form.Item>
      );
    case 'extension':
      return <Form.Item name="extension" label="延期时长" rules={[{ required: true }]}><ExtensionRequest /></Form.Item>;
    case 'reviewOn':
      return <Form.Item name="reviewOn" label="复查日期" rules={[{ required: true, message: '请选择复查日期' }]}><DatePicker /></Form.Item>;
    case 'confirmed':
      return (
        <Form.Item name="confirmed" label="核实结果" rules={[{ required: true, message: '请选择核实结果' }]}>
          <Radio.Group options={[{ value: true, label: '情况属实' }, { value: false, label: '情况不属实' }]} />
        </Form.Item>
      );
    case 'intoCase':
      return (
        <Form.Item name="intoCaseId" label="合并到案件编号" rules={[{ required: true, message: '请填写目标案件编号' }]} extra="本案作废，其举报并入目标案件。">
          <InputNumber min={1} style={{ width: 200 }} />
        </Form.Item>
      );
    case 'reports':
      return (
        <Form.Item name="reportIds" label="拆分出的举报（另立新案，回到待受理）" rules={[{ required: true, message: '请选择要拆分的举报' }]}>
          <Select mode="multiple" options={detail.reports.map((report) => ({ value: report.id, label: `举报 ${report.id}：${report.description ?? ''}` }))} />
        </Form.Item>
      );
  }
}
