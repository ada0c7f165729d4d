/**
 * A reason or note field that offers the 常用语 kept by administrators for this action (and the
 * case's category): picking one fills the text, which can still be edited or added to.
 */
import { Input, Select, Space } from 'antd';
import { useTemplates } from '../../api/hooks';
import type { TemplateAction } from '../../api/contract';

interface Props {
  action: TemplateAction;
  categoryCode?: string;
  value?: string;
  onChange?: (value: string) => void;
  placeholder?: string;
  id?: string;
}

export function TemplateText({ action, categoryCode, value = '', onChange, placeholder, id }: Props) {
  const templates = useTemplates(action, categoryCode);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={4}>
      <Select
        showSearch
        allowClear={false}
        value={null}
        placeholder={templates.data?.length === 0 ? '暂无常用语' : '选择常用语（可再修改）'}
        loading={templates.isPending}
        options={templates.data?.map((template) => ({ value: template.text, label: template.text }))}
        optionFilterProp="label"
        onChange={(text: string) => onChange?.(value.trim() ? `${value.trim()}；${text}` : text)}
        aria-label="常用语"
        data-testid="template-select"
      />
      <Input.TextArea id={id} value={value} onChange={(event) => onChange?.(event.target.value)} rows={3} maxLength={500} showCount placeholder={placeholder} />
    </Space>
  );
}
