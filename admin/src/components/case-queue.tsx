/**
 * A desk's queue: the server's order (most urgent first), the light, what and where, how many
 * reporters. ↑/↓ (or j/k) move through it and select, Enter opens the case page.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { Table, type TableColumnsType } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { CaseSummary, Page } from '../api/contract';
import { formatTime } from '../format';
import { describeError } from './errors';
import { LightTag } from './light-tag';

export const queueColumns = {
  light: { title: '灯', dataIndex: 'light', width: 48, render: (light: CaseSummary['light']) => <LightTag light={light} compact /> },
  id: { title: '编号', dataIndex: 'id', width: 64 },
  category: { title: '类别', dataIndex: 'categoryName', ellipsis: true },
  street: { title: '街道', width: 88, ellipsis: true, render: (_: unknown, row: CaseSummary) => row.street.name ?? row.street.code },
  reporters: { title: '人数', dataIndex: 'reporterCount', width: 52, align: 'right' as const },
  openedAt: { title: '上报', dataIndex: 'openedAt', width: 96, render: (at: string) => formatTime(at, 'MM-DD HH:mm') },
  dueAt: { title: '时限', dataIndex: 'dueAt', width: 96, render: (at: string | null) => formatTime(at, 'MM-DD HH:mm') },
  status: { title: '状态', dataIndex: 'statusLabel', width: 72 },
} satisfies Record<string, TableColumnsType<CaseSummary>[number]>;

/** What a queue shows: a page of the server's list, or cases picked from it (see useFlaggedCases). */
export interface QueueData {
  data?: Page & { cases: CaseSummary[] };
  loading: boolean;
  error: unknown;
}

interface Props {
  queue: QueueData;
  columns: TableColumnsType<CaseSummary>;
  selectedId?: number;
  onSelect: (id: number | undefined) => void;
  /** Absent for a queue that is one page only. */
  onPage?: (page: number) => void;
  emptyText: string;
  label: string;
}

export function CaseQueue({ queue, columns, selectedId, onSelect, onPage, emptyText, label }: Props) {
  const navigate = useNavigate();
  const rows = queue.data?.cases;
  const shown = useRef<CaseSummary[]>([]);
  // The desk shows the first case until one is chosen, and the next when an action moves the
  // chosen one out of the queue; a case opened by number, never in the queue, stays.
  useEffect(() => {
    if (!rows) return;
    const left = shown.current.some((row) => row.id === selectedId) && !rows.some((row) => row.id === selectedId);
    if ((selectedId === undefined || left) && rows[0]?.id !== selectedId) onSelect(rows[0]?.id);
    shown.current = rows;
  }, [rows, selectedId, onSelect]);

  function onKeyDown(event: KeyboardEvent) {
    if (!rows) return;
    const index = rows.findIndex((row) => row.id === selectedId);
    const step = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1 }[event.key];
    if (step) {
      const next = rows[Math.max(0, Math.min(rows.length - 1, index + step))];
      if (next) onSelect(next.id);
      event.preventDefault();
    } else if (event.key === 'Enter' && selectedId !== undefined) {
      navigate(`/cases/${selectedId}`);
    }
  }

  return (
    <div tabIndex={0} onKeyDown={onKeyDown} aria-label={`${label}（↑↓ 选择，回车打开）`} data-testid="case-queue" style={{ outlineOffset: 2 }}>
      <Table<CaseSummary>
        size="small"
        rowKey="id"
        tableLayout="fixed"
        columns={columns}
        dataSource={rows}
        loading={queue.loading}
        locale={{ emptyText: queue.error ? `加载失败：${describeError(queue.error).detail}` : emptyText }}
        rowClassName={(row) => (row.id === selectedId ? 'ant-table-row-selected' : '')}
        onRow={(row) => ({ onClick: () => onSelect(row.id), style: { cursor: 'pointer' } })}
        pagination={
          onPage && { current: queue.data?.page ?? 1, pageSize: queue.data?.pageSize ?? 20, total: queue.data?.total ?? 0, onChange: onPage, showSizeChanger: false, size: 'small', showTotal: (total) => `共 ${total} 件` }
        }
      />
    </div>
  );
}
