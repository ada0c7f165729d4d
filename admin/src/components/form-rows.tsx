import type { ReactNode } from 'react';
import { Button, Form, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';

interface Props {
  name: string;
  label: string;
  addLabel: string;
  /** Read out for each row's delete button. */
  removeLabel: string;
  /** The values a new row starts with. */
  newRow?: () => unknown;
  /** The inputs of one row, named under `[rowName, field]`. */
  children: (rowName: number) => ReactNode;
}

/** A labelled list of rows in a form (days of a calendar year, amounts per category), each deletable, one more added below. */
export function FormRows({ name, label, addLabel, removeLabel, newRow, children }: Props) {
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }}>
          <Typography.Text strong>{label}</Typography.Text>
          {fields.map((field) => (
            <Space key={field.key} align="baseline">
              {children(field.name)}
              <Button type="text" icon={<DeleteOutlined />} aria-label={removeLabel} onClick={() => remove(field.name)} />
            </Space>
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={() => add(newRow?.())}>
            {addLabel}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}
