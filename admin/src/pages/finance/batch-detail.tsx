/**
 * One settlement batch: who made and checked it, the actions its state allows, the payment's
 * progress while it pays, and its lines, totals, bills and reconciliation in tabs.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Popconfirm, Progress, Space, Tabs, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { PaymentProgress, SettlementBatch } from '../../api/contract';
import { approveBatch, downloadPayouts, fetchProgress, runPayment } from '../../api/finance';
import { mayAny } from '../../auth/permissions';
import { useStaff } from '../../auth/session';
import { QueryState } from '../../components/query-state';
import { useSave } from '../../components/use-save';
import { formatTime } from '../../format';
import { BatchBills } from './batch-bills';
import { BatchLines } from './batch-lines';
import { BatchReconciliation } from './batch-reconciliation';
import { BatchStatusTag } from './batch-status';
import { BatchTotals } from './batch-totals';
import { formatYuan } from './money';
import { PhoneCreditActions } from './phone-credit-actions';
import { SendBackBatch } from './send-back-batch';
import { useDownload } from './use-download';

/** While a batch pays, its progress is asked for this often. */
const PAYING_REFRESH_MS = 2_000;

/** Every settlement query starts with this key: an action refreshes them all. */
const SETTLEMENT_KEY = ['settlement'];

export function BatchDetail() {
  const batchId = Number(useParams().batchId);
  const progress = useQuery({
    queryKey: ['settlement', 'batch', batchId, 'progress'],
    queryFn: () => fetchProgress(batchId),
    refetchInterval: (query) => (query.state.data?.batch.status === 'paying' ? PAYING_REFRESH_MS : false),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Link to="..">
        <ArrowLeftOutlined /> 返回结算批次
      </Link>
      <QueryState query={progress}>
        {(current) => (
          <>
            <BatchHeader batch={current.batch} progress={current} />
            <Card size="small">
              <Tabs
                destroyOnHidden
                items={[
                  { key: 'lines', label: '发放明细', children: <BatchLines batch={current.batch} /> },
                  { key: 'totals', label: '汇总与异常', children: <BatchTotals batch={current.batch} /> },
                  { key: 'bills', label: '微信转账账单', children: <BatchBills batch={current.batch} /> },
                  { key: 'reconciliation', label: '对账', children: <BatchReconciliation batchId={batchId} /> },
                ]}
              />
            </Card>
          </>
        )}
      </QueryState>
    </Space>
  );
}

function BatchHeader({ batch, progress }: { batch: SettlementBatch; progress: PaymentProgress }) {
  const staff = useStaff();
  const queryClient = useQueryClient();
  const refresh = [SETTLEMENT_KEY];
  const approve = useSave(() => approveBatch(batch.id), refresh, batch.status === 'review' ? '已复核通过，等待另一名财务审批' : '已审批通过，可以运行付款');
  const run = useSave(() => runPayment(batch.id), refresh, '付款已开始，进度每 2 秒刷新');
  const exportPayouts = useDownload(() => downloadPayouts(batch, {}));
  const mayApprove = mayAny(staff, ['approve_settlement']);
  const mayManage = mayAny(staff, ['manage_settlement']);
  const sameAsMaker = batch.status === 'checking' && batch.maker?.staffId === staff.id;
  const { lines } = progress;
  return (
    <Card
      size="small"
      title={
        <Space>
          <span data-testid="batch-title">{batch.month} 结算批次</span>
          <BatchStatusTag status={batch.status} />
        </Space>
      }
      extra={
        <Space wrap>
          {mayApprove && (batch.status === 'review' || batch.status === 'checking') && (
            <Tooltip title={sameAsMaker ? '复核与审批须由两名不同的财务人员完成' : undefined}>
              <Popconfirm
                title={batch.status === 'review' ? '确认复核通过（制单）？' : '确认审批通过？'}
                description="通过后不能再剔除待发放的线路。"
                okText="确认"
                cancelText="取消"
                disabled={sameAsMaker}
                onConfirm={() => approve.mutate(undefined)}
              >
                <Button type="primary" disabled={sameAsMaker} loading={approve.isPending}>
                  {batch.status === 'review' ? '复核通过（制单）' : '审批通过'}
                </Button>
              </Popconfirm>
            </Tooltip>
          )}
          {mayApprove && batch.status === 'checking' && !sameAsMaker && <SendBackBatch batch={batch} />}
          {mayManage && (batch.status === 'approved' || batch.status === 'paying') && (
            <Popconfirm
              title={batch.status === 'approved' ? '开始付款？' : '再次运行付款？'}
              description={batch.status === 'approved' ? '将向微信支付发起商家转账。' : '补发已失败或已撤销的账单（每笔最多 3 次），已在途的账单不会重复发起。'}
              okText="确认"
              cancelText="取消"
              onConfirm={() => run.mutate(undefined)}
            >
              <Button type={batch.status === 'approved' ? 'primary' : 'default'} loading={run.isPending}>
                {batch.status === 'approved' ? '运行付款' : '再次运行付款'}
              </Button>
            </Popconfirm>
          )}
          <Button onClick={() => exportPayouts.mutate()} loading={exportPayouts.isPending}>
            导出发放明细 (.xlsx)
          </Button>
          {mayManage && (batch.status === 'approved' || batch.status === 'paying') && lines.channels.includes('phone_credit') && <PhoneCreditActions batch={batch} />}
        </Space>
      }
    >
      <Descriptions size="small" column={4}>
        <Descriptions.Item label="生成">{`${batch.createdByName ?? '系统定时'} ${formatTime(batch.createdAt)}`}</Descriptions.Item>
        <Descriptions.Item label="复核（制单）">{batch.maker ? `${batch.maker.name} ${formatTime(batch.maker.at)}` : '—'}</Descriptions.Item>
        <Descriptions.Item label="审批">{batch.checker ? `${batch.checker.name} ${formatTime(batch.checker.at)}` : '—'}</Descriptions.Item>
        <Descriptions.Item label="应发">{`${lines.total} 人 ${formatYuan(lines.totalFen)}`}</Descriptions.Item>
      </Descriptions>
      {sameAsMaker && <Alert type="info" showIcon message="您已完成复核（制单），需由另一名财务人员审批。" style={{ marginBottom: 8 }} />}
      {batch.status === 'review' && batch.sentBack && (
        <Alert
          type="warning"
          showIcon
          data-testid="sent-back"
          message={`${batch.sentBack.name ?? ''} 于 ${formatTime(batch.sentBack.at)} 退回复核：${batch.sentBack.reason}`}
          style={{ marginBottom: 8 }}
        />
      )}
      {(batch.status === 'paying' || batch.status === 'done') && (
        <div data-testid="payment-progress">
          <Progress percent={progress.percent} status={batch.status === 'paying' ? 'active' : lines.failed > 0 ? 'exception' : 'success'} />
          <Typography.Text type="secondary">
            已发放 {lines.paid} 人 {formatYuan(lines.paidFen)}，发放中 {lines.paying}，待发放 {lines.pending}，失败 {lines.failed}
          </Typography.Text>
          {batch.status === 'paying' && (
            <Button type="link" size="small" onClick={() => queryClient.invalidateQueries({ queryKey: SETTLEMENT_KEY })}>
              刷新明细
            </Button>
          )}
        </div>
      )}
    </Card>
  );
}
