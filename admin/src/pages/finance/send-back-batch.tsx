/** 退回: the checker returns a batch the maker approved to review, with a reason the maker sees. */
import { useState } from 'react';
import { Button, Form, Input, Modal } from 'antd';
import type { SettlementBatch } from '../../api/contract';
import { sendBackBatch } from '../../api/finance';
import { useSave } from '../../components/use-save';

export function SendBackBatch({ batch }: { batch: SettlementBatch }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const close = () => setOpen(false);
  const save = useSave(({ reason }: { reason: string }) => sendBackBatch(batch.id, reason), [['settlement']], '已退回复核，制单人可重新剔除后再复核', close);
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        退回复核
      </Button>
      {open && (
        <Modal open title={`退回 ${batch.month} 结算批次`} okText="退回" okButtonProps={{ danger: true }} cancelText="取消" onOk={() => form.submit()} onCancel={close} confirmLoading={save.isPending} destroyOnHidden>
          <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
            <Form.Item name="reason" label="退回原因" rules={[{ required: true, whitespace: true, min: 2, max: 200, message: '请填写 2–200 字的原因' }]}>
              <Input.TextArea rows={3} placeholder="如：第 12 行同一设备大量举报，请核实后剔除" />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}
