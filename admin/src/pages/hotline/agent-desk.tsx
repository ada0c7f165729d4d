/**
 * 热线坐席: the agent's desk. Above, the calls now waiting or talking (来电弹屏, headed by the
 * agent's 分机, which decides the answered calls shown); below, the queue of open tickets (IVR
 * messages and tickets made for live calls) and, beside it, the selected ticket with its
 * recording and the form that turns it into a report.
 */
import { useState } from 'react';
import { Card, Col, Descriptions, Empty, Row, Space, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { fetchTickets } from '../../api/hotline';
import type { CompletedTicket, HotlineTicket } from '../../api/contract';
import { QueryState } from '../../components/query-state';
import { formatTime } from '../../format';
import { ActiveCalls } from './active-calls';
import { CompletedNotice, CompleteTicketForm } from './complete-ticket-form';
import { RecordingPlayer } from './recording-player';
import { TICKET_CREATOR_LABELS } from './hotline-labels';

const TICKET_REFRESH_MS = 10_000;

export default function AgentDesk() {
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<HotlineTicket>();
  const [completed, setCompleted] = useState<CompletedTicket>();
  const tickets = useQuery({ queryKey: ['hotline-tickets', 'open', page], queryFn: () => fetchTickets('open', page), refetchInterval: TICKET_REFRESH_MS, placeholderData: (previous) => previous });
  const select = (ticket: HotlineTicket) => {
    setSelected(ticket);
    setCompleted(undefined);
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <ActiveCalls onTicket={select} />
      <Row gutter={12} wrap>
        <Col xs={24} lg={10}>
          <Card size="small" title="待录入工单">
            <QueryState query={tickets}>
              {(data) => (
                <Table<HotlineTicket>
                  size="small"
                  rowKey="id"
                  dataSource={data.tickets}
                  aria-label="待录入工单"
                  locale={{ emptyText: '没有待录入的工单' }}
                  pagination={{ current: data.page, pageSize: data.pageSize, total: data.total, onChange: setPage, showSizeChanger: false }}
                  onRow={(ticket) => ({ onClick: () => select(ticket), style: { cursor: 'pointer', background: ticket.id === selected?.id ? '#e6f4ff' : undefined } })}
                  columns={[
                    { key: 'number', title: '工单号', dataIndex: 'number' },
                    { key: 'caller', title: '来电号码', render: (_, ticket) => ticket.maskedNumber ?? '未显示号码' },
                    { key: 'source', title: '来源', render: (_, ticket) => <Tag>{TICKET_CREATOR_LABELS[ticket.createdBy]}</Tag> },
                    { key: 'created', title: '时间', render: (_, ticket) => formatTime(ticket.createdAt, 'MM-DD HH:mm') },
                  ]}
                />
              )}
            </QueryState>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={selected ? `工单 ${selected.number}` : '工单录入'}>
            {!selected && <Empty description="从左侧选择一个工单" />}
            {selected && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Descriptions size="small" column={2} items={[
                  { key: 'caller', label: '来电号码', children: selected.maskedNumber ?? '未显示号码' },
                  { key: 'source', label: '来源', children: TICKET_CREATOR_LABELS[selected.createdBy] },
                  { key: 'duration', label: '录音时长', children: `${Math.round(selected.durationMs / 1000)} 秒${selected.complete ? '' : '（来电人中途挂断，录音不完整）'}` },
                  { key: 'created', label: '建单时间', children: formatTime(selected.createdAt) },
                ]} />
                {selected.recordingUrl && <RecordingPlayer key={selected.id} url={selected.recordingUrl} />}
                {completed ? <CompletedNotice result={completed} /> : <CompleteTicketForm key={selected.id} ticket={selected} onDone={setCompleted} />}
              </Space>
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
