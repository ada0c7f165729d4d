/** 对账: ledger, lines and bills of the batch compared to the 分; any difference is listed. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Space, Table } from 'antd';
import { fetchReconciliation } from '../../api/finance';
import { QueryState } from '../../components/query-state';
import { formatYuan } from './money';

export function BatchReconciliation({ batchId }: { batchId: number }) {
  const reconciliation = useQuery({ queryKey: ['settlement', 'batch', batchId, 'reconciliation'], queryFn: () => fetchReconciliation(batchId) });
  return (
    <QueryState query={reconciliation}>
      {(figures) => (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="reconciliation">
          {figures.differenceFen === 0 ? (
            <Alert type="success" showIcon message="账实相符：台账、发放线路与转账账单差额 0 分" />
          ) : (
            <Alert type="error" showIcon message={`存在差额 ${formatYuan(figures.differenceFen)}，请核查下列线路与账单`} />
          )}
          <Descriptions bordered size="small" column={2}>
            <Descriptions.Item label="台账结算金额（扣除退回）">{formatYuan(figures.ledgerFen)}</Descriptions.Item>
            <Descriptions.Item label="发放线路金额（未剔除）">{formatYuan(figures.linesFen)}</Descriptions.Item>
            <Descriptions.Item label="已发放线路金额">{formatYuan(figures.paidLinesFen)}</Descriptions.Item>
            <Descriptions.Item label="微信转账成功 + 凭证登记">{`${formatYuan(figures.paidByBillsFen)} + ${formatYuan(figures.paidByVouchersFen)}`}</Descriptions.Item>
          </Descriptions>
          {figures.mismatchedLines.length > 0 && (
            <Alert type="warning" showIcon message="线路状态与成功账单金额不一致" description={`行号：${figures.mismatchedLines.join('、')}`} />
          )}
          {figures.doublePaidParts.length > 0 && (
            <Table
              size="small"
              title={() => '重复成功的分笔'}
              rowKey={(row) => `${row.lineId}-${row.part}`}
              dataSource={figures.doublePaidParts}
              pagination={false}
              columns={[
                { title: '行号', dataIndex: 'lineId' },
                { title: '分笔', dataIndex: 'part' },
              ]}
            />
          )}
        </Space>
      )}
    </QueryState>
  );
}
