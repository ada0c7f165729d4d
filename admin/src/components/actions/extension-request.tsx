import { InputNumber, Select, Space } from 'antd';

interface Value {
  amount: number;
  unit: 'hours' | 'days';
}

/** How much more time a unit asks for: working hours or working days (the server takes either). */
export function ExtensionRequest({ value = { amount: 4, unit: 'hours' }, onChange }: { value?: Value; onChange?: (value: Value) => void }) {
  return (
    <Space.Compact>
      <InputNumber min={0.5} max={value.unit === 'days' ? 250 : 2000} step={value.unit === 'days' ? 1 : 0.5} value={value.amount} onChange={(amount) => amount && onChange?.({ ...value, amount })} aria-label="延期数量" />
      <Select
        value={value.unit}
        style={{ width: 120 }}
        onChange={(unit) => onChange?.({ ...value, unit })}
        options={[
          { value: 'hours', label: '工作小时' },
          { value: 'days', label: '工作日' },
        ]}
        aria-label="延期单位"
      />
    </Space.Compact>
  );
}
