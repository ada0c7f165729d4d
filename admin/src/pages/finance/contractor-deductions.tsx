/**
 * 承包单位扣减: per contractor, what citizens' valid reports in its contracted areas cost it in
 * a month (deductions, reversals, net), each contractor's entries, and its statement as .xlsx.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Button, DatePicker, Modal, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ContractorDeduction, ContractorMonthTotal } from '../../api/contract';
import { downloadDeductionStatement, fetchDeductions, fetchDeductionTotals } from '../../api/finance';
import { QueryState } from '../../components/query-state';
import { formatTime } from '../../format';
import { AREA_LEVEL_LABELS, CONTRACTOR_KIND_LABELS, DEDUCTION_KIND_LABELS } from '../../../../server/src/contractors/labels.js';
import { ContractorAdmin } from './contractor-admin';
import { formatYuan } from './money';
import { useDownload } from './use-download';

export function ContractorDeductions() {
  const [month, setMonth] = useState(() => dayjs().subtract(1, 'month').format('YYYY-MM'));
  const [showing, setShowing] = useState<ContractorMonthTotal | null>(null);
  const totals = useQuery({ queryKey: ['contractors', 'deductions', month], queryFn: () => fetchDeductionTotals(month) });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <label htmlFor="deduction-month">扣减月份</label>
        <DatePicker id="deduction-month" picker="month" value={dayjs(`${month}-01`)} allowClear={false} onChange={(value: Dayjs) => setMonth(value.format('YYYY-MM'))} />
      </Space>
      <QueryState query={totals} isEmpty={(rows) => rows.length === 0} emptyText="尚未登记承包单位">
        {(rows) => (
          <Table<ContractorMonthTotal>
            size="small"
            rowKey="contractorId"
            dataSource={rows}
            pagination={false}
            columns={[
              { title: '承包单位', dataIndex: 'name' },
              { title: '类型', dataIndex: 'kind', render: (kind: ContractorMonthTotal['kind']) => <Tag>{CONTRACTOR_KIND_LABELS[kind]}</Tag> },
              { title: '扣减件数', dataIndex: 'cases', align: 'right' },
              { title: '扣减金额', dataIndex: 'deductedFen', align: 'right', render: (fen: number) => formatYuan(fen) },
              { title: '冲回金额', dataIndex: 'reversedFen', align: 'right', render: (fen: number) => formatYuan(fen) },
              { title: '应扣净额', dataIndex: 'netFen', align: 'right', render: (fen: number) => <strong>{formatYuan(fen)}</strong> },
              {
                title: '操作',
                render: (_, row) => (
                  <Space>
                    <Button size="small" onClick={() => setShowing(row)}>
                      明细
                    </Button>
                    <StatementButton total={row} month={month} />
                  </Space>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {showing && <DeductionList total={showing} month={month} onClose={() => setShowing(null)} />}
      <ContractorAdmin />
    </Space>
  );
}

function StatementButton({ total, month }: { total: ContractorMonthTotal; month: string }) {
  const download = useDownload(() => downloadDeductionStatement(total, month));
  return (
    <Button size="small" onClick={() => download.mutate()} loading={download.isPending}>
      导出对账单
    </Button>
  );
}

function DeductionList({ total, month, onClose }: { total: ContractorMonthTotal; month: string; onClose: () => void }) {
  const deductions = useQuery({ queryKey: ['contractors', total.contractorId, 'deductions', month], queryFn: () => fetchDeductions(total.contractorId, month) });
  return (
    <Modal open width={1000} title={`${total.name} ${month} 扣减明细`} footer={null} onCancel={onClose} destroyOnHidden>
      <QueryState query={deductions} isEmpty={(rows) => rows.length === 0} emptyText="本月无扣减">
        {(rows) => (
          <Table<ContractorDeduction>
            size="small"
            rowKey="id"
            dataSource={rows}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            columns={[
              { title: '时间', dataIndex: 'occurredAt', render: (at: string) => formatTime(at) },
              { title: '案件', dataIndex: 'caseId', render: (caseId: number) => <Link to={`/cases/${caseId}`}>{caseId}</Link> },
              { title: '类型', dataIndex: 'kind', render: (kind: ContractorDeduction['kind']) => <Tag color={kind === 'reversal' ? 'green' : 'red'}>{DEDUCTION_KIND_LABELS[kind]}</Tag> },
              { title: '案件类别', render: (_, row) => row.categoryName ?? row.categoryCode },
              { title: '街道', render: (_, row) => row.streetName ?? row.streetCode },
              { title: '单元网格', dataIndex: 'gridCode' },
              { title: '合同区域', render: (_, row) => `${AREA_LEVEL_LABELS[row.areaLevel]} ${row.areaCode}` },
              { title: '金额', dataIndex: 'amountFen', align: 'right', render: (fen: number) => formatYuan(fen) },
            ]}
          />
        )}
      </QueryState>
    </Modal>
  );
}
