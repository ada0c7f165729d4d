/**
 * 部门处置: the unit's own cases (the server lists no others), the nearest deadline first. 处置反馈
 * uploads the after-photos through the photo API; 申请延期 and 申请回退 go to the centre.
 */
import { useState } from 'react';
import { Segmented, Space, Typography } from 'antd';
import type { CaseAction, CaseStatus } from '../../api/contract';
import { usePagedQueue } from '../../api/hooks';
import { useStaff } from '../../auth/session';
import { CaseQueue, queueColumns } from '../../components/case-queue';
import { CasePane } from '../../components/case/case-pane';
import { DeskLayout, useDeskSelection } from '../../components/desk-layout';

const QUEUES: Record<string, { label: string; statuses: CaseStatus[] }> = {
  dispatched: { label: '处置中', statuses: ['dispatched'] },
  handled: { label: '已反馈待核查', statuses: ['handled'] },
  closed: { label: '已结案', statuses: ['closed'] },
};
const DEPARTMENT_ACTIONS: CaseAction[] = ['handle', 'request_extension', 'return'];

export default function DepartmentDesk() {
  const staff = useStaff();
  const [queue, setQueue] = useState('dispatched');
  const [selectedId, setSelectedId] = useDeskSelection();
  const list = usePagedQueue({ status: QUEUES[queue].statuses });
  return (
    <DeskLayout
      onOpenCase={setSelectedId}
      queue={
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Segmented
              value={queue}
              onChange={setQueue}
              options={Object.entries(QUEUES).map(([value, { label }]) => ({ value, label }))}
            />
            <Typography.Text type="secondary">{staff.department?.name}</Typography.Text>
          </Space>
          <CaseQueue
            label="本单位案件"
            queue={list.queue}
            columns={[queueColumns.light, queueColumns.id, queueColumns.category, queueColumns.street, queueColumns.dueAt, queueColumns.status]}
            selectedId={selectedId}
            onSelect={setSelectedId}
            onPage={list.onPage}
            emptyText="本单位没有此类案件"
          />
        </Space>
      }
      pane={<CasePane caseId={selectedId} actions={DEPARTMENT_ACTIONS} />}
    />
  );
}
