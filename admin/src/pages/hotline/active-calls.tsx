/**
 * 来电弹屏: calls waiting for or talking with an agent, refreshed every few seconds: every queued
 * call, and of those answered, the ones on the agent's own extension (the header names it). Each
 * shows the caller's masked number (the full one on request, audited), their earlier tickets and
 * cases, the recording of this call if any, and a button to open a ticket for the call.
 */
import { Button, Card, Descriptions, Empty, List, Space, Tabs, Tag, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { fetchMe } from '../../api/auth';
import { createTicket, fetchActiveCalls } from '../../api/hotline';
import { mayAny } from '../../auth/permissions';
import { useStaff } from '../../auth/session';
import { RevealPhone } from '../../components/reveal-phone';
import type { ActiveCall, HotlineTicket } from '../../api/contract';
import { QueryState } from '../../components/query-state';
import { useSave } from '../../components/use-save';
import { formatTime } from '../../format';
import { SOURCE_LABELS, STATUS_LABELS } from '../../labels';
import { RecordingPlayer } from './recording-player';
import { MENU_LABELS, TICKET_STATUS_LABELS } from './hotline-labels';

const ACTIVE_REFRESH_MS = 3_000;

export function ActiveCalls({ onTicket }: { onTicket: (ticket: HotlineTicket) => void }) {
  const calls = useQuery({ queryKey: ['hotline-active-calls'], queryFn: fetchActiveCalls, refetchInterval: ACTIVE_REFRESH_MS, refetchIntervalInBackground: true });
  return (
    <Card size="small" title={<><PhoneOutlined /> 来电弹屏</>} extra={<AgentExtension />}>
      <QueryState query={calls} isEmpty={(list) => list.length === 0} emptyText="当前没有排队或通话中的来电">
        {(list) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            {list.map((call) => <CallPop key={call.id} call={call} onTicket={onTicket} />)}
          </Space>
        )}
      </QueryState>
    </Card>
  );
}

/** The signed-in agent's extension and what it means for the calls shown (server: hotline/active-calls.ts). */
function AgentExtension() {
  const staff = useStaff();
  // Read again on each visit: an administrator may have changed the extension since sign-in.
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, initialData: { staff } });
  const { sipExtension } = me.data.staff;
  const seesAll = !sipExtension || mayAny(me.data.staff, ['monitor_hotline_calls']);
  return (
    <Space size={4}>
      <Tag data-testid="agent-extension" color={sipExtension ? 'blue' : 'default'}>{sipExtension ? `分机 ${sipExtension}` : '未设置分机'}</Tag>
      <Typography.Text type="secondary">{seesAll ? '显示全部来电' : '显示排队来电和本分机接听的来电'}</Typography.Text>
    </Space>
  );
}

function CallPop({ call, onTicket }: { call: ActiveCall; onTicket: (ticket: HotlineTicket) => void }) {
  const create = useSave(() => createTicket({ callId: call.callId }), [['hotline-tickets'], ['hotline-active-calls']], '已为本次来电建立工单', onTicket);
  return (
    <Card type="inner" size="small" data-testid="call-pop" title={<Space>
      <Typography.Text strong style={{ fontSize: 16 }}>{call.maskedNumber ?? '未显示号码'}</Typography.Text>
      <Tag color={call.state === 'talking' ? 'green' : 'orange'}>{call.state === 'talking' ? `通话中 · 坐席 ${call.agent ?? ''}` : '排队中'}</Tag>
      {call.citizenId !== null && <Tag>{call.known ? '老来电' : '首次来电'}</Tag>}
    </Space>} extra={<Button type="primary" size="small" loading={create.isPending} onClick={() => create.mutate(undefined)}>为本次来电建工单</Button>}>
      <Descriptions size="small" column={3} items={[
        { key: 'started', label: '来电时间', children: formatTime(call.startedAt, 'HH:mm:ss') },
        { key: 'menu', label: '按键路径', children: call.menuPath.map((choice) => MENU_LABELS[choice] ?? choice).join(' → ') || '—' },
        { key: 'phone', label: '完整号码', children: call.citizenId === null ? '—' : <RevealPhone citizenId={call.citizenId} /> },
      ]} />
      {call.recordingUrl && <div style={{ margin: '8px 0' }}><RecordingPlayer url={call.recordingUrl} /></div>}
      <Tabs size="small" items={[
        { key: 'tickets', label: `历史工单 (${call.tickets.length})`, children: <TicketHistory tickets={call.tickets} /> },
        {
          key: 'cases',
          label: `历史案件 (${call.cases.length})`,
          children: call.cases.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无历史案件" /> : (
            <List size="small" dataSource={call.cases} renderItem={(row) => (
              <List.Item>
                <Link to={`/cases/${row.caseId}`}>案件 {row.caseId}</Link> · {row.categoryName} · <Tag>{STATUS_LABELS[row.status]}</Tag> {SOURCE_LABELS[row.source]} · {formatTime(row.reportedAt)}
              </List.Item>
            )} />
          ),
        },
      ]} />
    </Card>
  );
}

function TicketHistory({ tickets }: { tickets: HotlineTicket[] }) {
  if (tickets.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无历史工单" />;
  return (
    <List size="small" dataSource={tickets} renderItem={(ticket) => (
      <List.Item extra={ticket.recordingUrl && <RecordingPlayer url={ticket.recordingUrl} />}>
        工单 {ticket.number} · <Tag>{TICKET_STATUS_LABELS[ticket.status]}</Tag> {formatTime(ticket.createdAt)}
        {ticket.report && <> · <Link to={`/cases/${ticket.report.caseId}`}>案件 {ticket.report.caseId}</Link></>}
      </List.Item>
    )} />
  );
}
