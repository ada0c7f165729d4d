/**
 * 微信转账账单: every 商家转账 bill of the batch with its WeChat Pay state. A bill the citizen
 * has not confirmed can be cancelled; a failed or cancelled one is re-issued under a new number
 * by the next payment run, while its part has attempts left.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Popconfirm, Select, Space, Table, Tag } from 'antd';
import type { BillState, SettlementBatch, TransferBill } from '../../api/contract';
import { cancelBill, listBills, runPayment } from '../../api/finance';
import { mayAny } from '../../auth/permissions';
import { useStaff } from '../../auth/session';
import { describeError } from '../../components/errors';
import { useSave } from '../../components/use-save';
import { formatTime } from '../../format';
import { BILL_STATE_LABELS } from '../../../../server/src/settlement/labels.js';
import { BillStateTag } from './batch-status';
import { formatYuan } from './money';

const PAGE_SIZE = 20;

export function BatchBills({ batch }: { batch: SettlementBatch }) {
  const staff = useStaff();
  const mayManage = mayAny(staff, ['manage_settlement']);
  const [query, setQuery] = useState<{ state?: BillState; page: number }>({ page: 1 });
  const bills = useQuery({
    queryKey: ['settlement', 'batch', batch.id, 'bills', query],
    queryFn: () => listBills(batch.id, { ...query, pageSize: PAGE_SIZE }),
    placeholderData: (previous) => previous,
    refetchInterval: batch.status === 'paying' ? 5_000 : false,
  });
  const cancel = useSave((outBillNo: string) => cancelBill(batch.id, outBillNo), [['settlement']], '已向微信支付申请撤销');
  const reissue = useSave(() => runPayment(batch.id), [['settlement']], '付款已再次运行，可补发的账单将以新单号发起');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select<BillState>
        allowClear
        placeholder="全部账单状态"
        style={{ width: 180 }}
        onChange={(state) => setQuery({ state, page: 1 })}
        options={Object.entries(BILL_STATE_LABELS).map(([value, label]) => ({ value: value as BillState, label }))}
        aria-label="账单状态"
      />
      <Table<TransferBill>
        size="small"
        rowKey="outBillNo"
        loading={bills.isFetching}
        dataSource={bills.data?.bills}
        locale={{ emptyText: bills.error ? `加载失败：${describeError(bills.error).detail}` : '没有转账账单（批次运行付款后生成）' }}
        pagination={{ current: query.page, pageSize: PAGE_SIZE, total: bills.data?.total ?? 0, onChange: (page) => setQuery({ ...query, page }), showSizeChanger: false, showTotal: (total) => `共 ${total} 笔` }}
        columns={[
          { title: '商户单号', dataIndex: 'outBillNo', width: 150 },
          { title: '行号', dataIndex: 'lineId', width: 70 },
          { title: '分笔/次数', width: 90, render: (_, bill) => `${bill.part} / ${bill.attempt}` },
          { title: '金额', dataIndex: 'amountFen', width: 100, align: 'right', render: (fen: number) => formatYuan(fen) },
          { title: '状态', dataIndex: 'state', width: 130, render: (state: BillState) => <BillStateTag state={state} /> },
          { title: '微信单号', dataIndex: 'transferBillNo', render: (no: string | null) => no ?? '—' },
          { title: '失败/撤销原因', dataIndex: 'failReason', render: (reason: string | null) => reason ?? '' },
          { title: '更新时间', dataIndex: 'updatedAt', width: 140, render: (at: string) => formatTime(at) },
          {
            title: '操作',
            width: 120,
            render: (_, bill) => {
              if (!mayManage) return null;
              if (bill.cancellable) {
                return (
                  <Popconfirm title="撤销这笔转账？" description="市民尚未领取；撤销后下次运行付款将以新单号重新发起。" okText="撤销" cancelText="取消" onConfirm={() => cancel.mutate(bill.outBillNo)}>
                    <Button size="small" danger loading={cancel.isPending && cancel.variables === bill.outBillNo}>
                      撤销
                    </Button>
                  </Popconfirm>
                );
              }
              if (bill.reissuable) {
                return (
                  <Popconfirm title="重新发起？" description="将再次运行本批次付款：所有可补发的账单都会以新单号发起。" okText="重新发起" cancelText="取消" onConfirm={() => reissue.mutate(undefined)}>
                    <Button size="small" loading={reissue.isPending}>
                      重新发起
                    </Button>
                  </Popconfirm>
                );
              }
              return bill.state === 'FAIL' || bill.state === 'CANCELLED' ? <Tag>{bill.attempt >= 3 ? '已达重试上限' : '已补发'}</Tag> : null;
            },
          },
        ]}
      />
    </Space>
  );
}
