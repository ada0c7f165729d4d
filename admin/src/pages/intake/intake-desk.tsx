/**
 * 受理台: new reports' cases, 待受理 and 待立案, the most urgent (oldest) first. The pane beside
 * the queue shows the photos with their EXIF checks, the map with the grid and nearby cases to
 * merge, and the actions 受理, 立案 (with category correction), 核实 and 不予立案.
 */
import { useState } from 'react';
import { Segmented, Space } from 'antd';
import type { CaseAction, CaseStatus } from '../../api/contract';
import { usePagedQueue } from '../../api/hooks';
import { CaseQueue, queueColumns } from '../../components/case-queue';
import { CasePane } from '../../components/case/case-pane';
import { DeskLayout, useDeskSelection } from '../../components/desk-layout';

const QUEUES: Record<string, { label: string; statuses: CaseStatus[] }> = {
  all: { label: '全部', statuses: ['pending_acceptance', 'pending_registration'] },
  accept: { label: '待受理', statuses: ['pending_acceptance'] },
  register: { label: '待立案', statuses: ['pending_registration'] },
};
const INTAKE_ACTIONS: CaseAction[] = ['accept', 'register', 'request_verification', 'report_verification', 'reject', 'split'];

export default function IntakeDesk() {
  const [queue, setQueue] = useState('all');
  const [selectedId, setSelectedId] = useDeskSelection();
  const list = usePagedQueue({ status: QUEUES[queue].statuses });
  return (
    <DeskLayout
      onOpenCase={setSelectedId}
      queue={
        <Space direction="vertical" style={{ width: '100%' }}>
          <Segmented
            value={queue}
            onChange={setQueue}
            options={Object.entries(QUEUES).map(([value, { label }]) => ({ value, label }))}
          />
          <CaseQueue
            label="受理队列"
            queue={list.queue}
            columns={[queueColumns.light, queueColumns.id, queueColumns.category, queueColumns.street, queueColumns.reporters, queueColumns.openedAt, queueColumns.status]}
            selectedId={selectedId}
            onSelect={setSelectedId}
            onPage={list.onPage}
            emptyText="没有待受理或待立案的案件"
          />
        </Space>
      }
      pane={<CasePane caseId={selectedId} actions={INTAKE_ACTIONS} />}
    />
  );
}
