/**
 * 发放明细: the batch's payout lines, filtered; finance excludes a line with a reason (a pending
 * line before approval, a failed one after) and records red-packet or cash vouchers.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import type { LineFilter, PayoutChannel, PayoutLine, PayoutLineStatus, SettlementBatch } from '../../api/contract';
import { downloadPayouts, excludeLine, listLines, payManually } from '../../api/finance';
import { mayAny } from '../../auth/permissions';
import { useStaff } from '../../auth/session';
import { describeError } from '../../components/errors';
import { useSave } from '../../components/use-save';
import { formatTime } from '../../format';
import { CHANNEL_LABELS, LINE_STATUS_LABELS } from '../../../../server/src/settlement/labels.js';
import { LineStatusTag } from './batch-status';
import { formatYuan, yuanToFen } from './money';
import { useBatchReview } from './use-batch-review';
import { useDownload } from './use-download';

const PAGE_SIZE = 20;

interface FilterValues {
  citizenId?: number;
  status?: PayoutLineStatus;
  channel?: PayoutChannel;
  streetCode?: string;
  minAmountYuan?: number;
  minRewards?: number;
}

const toFilter = ({ minAmountYuan, ...rest }: FilterValues): LineFilter => ({
  ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined && value !== null)),
  ...(minAmountYuan != null ? { minAmountFen: yuanToFen(minAmountYuan) } : {}),
});

/** What finance may still do to a line, in this batch's state. */
function lineActions(batch: SettlementBatch, line: PayoutLine) {
  return {
    excludable: batch.status === 'review' ? line.status === 'pending' : line.status === 'failed',
    payableByVoucher: line.channel === 'manual' && line.status === 'pending' && (batch.status === 'approved' || batch.status === 'paying'),
  };
}

export function BatchLines({ batch, initialFilter = {} }: { batch: SettlementBatch; initialFilter?: LineFilter }) {
  const staff = useStaff();
  const mayManage = mayAny(staff, ['manage_settlement']);
  const [query, setQuery] = useState<{ filter: LineFilter; page: number }>({ filter: initialFilter, page: 1 });
  const lines = useQuery({
    queryKey: ['settlement', 'batch', batch.id, 'lines', query],
    queryFn: () => listLines(batch.id, { ...query.filter, page: query.page, pageSize: PAGE_SIZE }),
    placeholderData: (previous) => previous,
  });
  const review = useBatchReview(batch.id);
  const [excluding, setExcluding] = useState<PayoutLine | null>(null);
  const [vouchering, setVouchering] = useState<PayoutLine | null>(null);
  const exportFiltered = useDownload(() => downloadPayouts(batch, query.filter));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Form<FilterValues> layout="inline" onFinish={(values) => setQuery({ filter: toFilter(values), page: 1 })} style={{ rowGap: 8 }}>
        <Form.Item name="citizenId">
          <InputNumber placeholder="市民编号" min={1} style={{ width: 110 }} aria-label="市民编号" />
        </Form.Item>
        <Form.Item name="status">
          <Select allowClear placeholder="全部状态" style={{ width: 120 }} options={Object.entries(LINE_STATUS_LABELS).map(([value, label]) => ({ value, label }))} aria-label="状态" />
        </Form.Item>
        <Form.Item name="channel">
          <Select allowClear placeholder="全部渠道" style={{ width: 120 }} options={Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }))} aria-label="渠道" />
        </Form.Item>
        <Form.Item name="streetCode">
          <Select
            allowClear
            placeholder="奖励所在街道"
            style={{ width: 150 }}
            options={review.data?.totals.byStreet.filter((street) => street.code).map((street) => ({ value: street.code!, label: street.name ?? street.code! }))}
            aria-label="街道"
          />
        </Form.Item>
        <Form.Item name="minAmountYuan">
          <InputNumber placeholder="金额 ≥ 元" min={0} precision={2} style={{ width: 110 }} aria-label="最低金额" />
        </Form.Item>
        <Form.Item name="minRewards">
          <InputNumber placeholder="奖励次数 ≥" min={0} style={{ width: 110 }} aria-label="最少奖励次数" />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          筛选
        </Button>
        <Button onClick={() => exportFiltered.mutate()} loading={exportFiltered.isPending} style={{ marginLeft: 8 }}>
          导出筛选结果
        </Button>
      </Form>
      <Table<PayoutLine>
        size="small"
        rowKey="id"
        loading={lines.isFetching}
        dataSource={lines.data?.lines}
        locale={{ emptyText: lines.error ? `加载失败：${describeError(lines.error).detail}` : '没有符合条件的发放线路' }}
        pagination={{ current: query.page, pageSize: PAGE_SIZE, total: lines.data?.total ?? 0, onChange: (page) => setQuery({ ...query, page }), showSizeChanger: false, showTotal: (total) => `共 ${total} 行` }}
        columns={[
          { title: '行号', dataIndex: 'id', width: 80 },
          { title: '市民编号', dataIndex: 'citizenId', width: 90 },
          { title: '渠道', dataIndex: 'channel', width: 100, render: (channel: PayoutChannel) => CHANNEL_LABELS[channel] },
          { title: '金额', dataIndex: 'amountFen', width: 110, align: 'right', render: (fen: number) => formatYuan(fen) },
          { title: '当月奖励', dataIndex: 'rewardCount', width: 90, align: 'right' },
          { title: '收款账户', width: 170, render: (_, line) => line.phone ?? line.openid ?? '—' },
          { title: '状态', dataIndex: 'status', width: 100, render: (status: PayoutLineStatus) => <LineStatusTag status={status} /> },
          {
            title: '说明',
            render: (_, line) =>
              line.excludedReason ? `剔除：${line.excludedReason}` : line.failure ? `失败：${line.failure}` : line.voucherNo ? `凭证 ${line.voucherNo}${line.paidAt ? `，${formatTime(line.paidAt)}` : ''}` : line.paidAt ? formatTime(line.paidAt) : '',
          },
          {
            title: '操作',
            width: 150,
            render: (_, line) => {
              if (!mayManage) return null;
              const { excludable, payableByVoucher } = lineActions(batch, line);
              return (
                <Space>
                  {excludable && (
                    <Button size="small" danger onClick={() => setExcluding(line)}>
                      剔除
                    </Button>
                  )}
                  {payableByVoucher && (
                    <Button size="small" onClick={() => setVouchering(line)}>
                      登记凭证
                    </Button>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
      {excluding && <ExcludeDialog batch={batch} line={excluding} onClose={() => setExcluding(null)} />}
      {vouchering && <VoucherDialog batch={batch} line={vouchering} onClose={() => setVouchering(null)} />}
    </Space>
  );
}

function ExcludeDialog({ batch, line, onClose }: { batch: SettlementBatch; line: PayoutLine; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const save = useSave(({ reason }: { reason: string }) => excludeLine(batch.id, line.id, reason), [['settlement']], `第 ${line.id} 行已剔除，金额退回市民余额`, onClose);
  return (
    <Modal open title={`剔除第 ${line.id} 行（${formatYuan(line.amountFen)}）`} okText="剔除" okButtonProps={{ danger: true }} cancelText="取消" onOk={() => form.submit()} onCancel={onClose} confirmLoading={save.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">剔除后金额退回该市民的奖励余额，下月结算时再发放（若期间被冲销则不再发放）。</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item name="reason" label="剔除原因" rules={[{ required: true, whitespace: true, min: 2, max: 200, message: '请填写 2–200 字的原因' }]}>
          <Input.TextArea rows={3} placeholder="如：同一设备大量举报，待核实" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function VoucherDialog({ batch, line, onClose }: { batch: SettlementBatch; line: PayoutLine; onClose: () => void }) {
  const [form] = Form.useForm<{ voucherNo: string }>();
  const save = useSave(({ voucherNo }: { voucherNo: string }) => payManually(batch.id, line.id, voucherNo), [['settlement']], `第 ${line.id} 行已登记为已发放`, onClose);
  return (
    <Modal open title={`登记红包/现金发放：第 ${line.id} 行（${formatYuan(line.amountFen)}）`} okText="登记" cancelText="取消" onOk={() => form.submit()} onCancel={onClose} confirmLoading={save.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item name="voucherNo" label="凭证号" rules={[{ required: true, whitespace: true, max: 64, message: '请填写凭证号' }]}>
          <Input placeholder="红包或现金发放的凭证号" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
