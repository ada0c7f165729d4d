/**
 * 核查: handled cases with the photos before and after side by side; 结案, or 返工 with a reason.
 * A second tab lists the on-site 核实 the intake desk asked for.
 */
import { Tabs } from 'antd';
import type { CaseAction, CaseDetail } from '../../api/contract';
import { usePagedQueue } from '../../api/hooks';
import { CaseQueue, queueColumns, type QueueData } from '../../components/case-queue';
import { CasePane } from '../../components/case/case-pane';
import { DeskLayout, useDeskSelection } from '../../components/desk-layout';
import { BeforeAfter } from './before-after';

const columns = [queueColumns.light, queueColumns.id, queueColumns.category, queueColumns.street, queueColumns.reporters, queueColumns.dueAt];
const withBeforeAfter = (detail: CaseDetail) => <BeforeAfter detail={detail} />;

export default function VerificationDesk() {
  const [, select] = useDeskSelection();
  return (
    <Tabs
      destroyOnHidden
      onChange={() => select(undefined)}
      items={[
        { key: 'handled', label: '待核查', children: <HandledQueue /> },
        { key: 'verify', label: '待核实', children: <VerificationQueue /> },
      ]}
    />
  );
}

function HandledQueue() {
  const { queue, onPage } = usePagedQueue({ status: ['handled'] });
  return <Desk queue={queue} onPage={onPage} actions={['close', 'rework']} emptyText="没有待核查的案件" beforeAfter />;
}

function VerificationQueue() {
  const { queue, onPage } = usePagedQueue({ status: ['pending_registration'], flag: 'verification_requested' });
  return <Desk queue={queue} onPage={onPage} actions={['report_verification']} emptyText="没有待核实的案件" />;
}

interface DeskProps {
  queue: QueueData;
  onPage?: (page: number) => void;
  actions: CaseAction[];
  emptyText: string;
  beforeAfter?: boolean;
}

function Desk({ queue, onPage, actions, emptyText, beforeAfter = false }: DeskProps) {
  const [selectedId, setSelectedId] = useDeskSelection();
  return (
    <DeskLayout
      onOpenCase={setSelectedId}
      queue={<CaseQueue label="核查队列" queue={queue} columns={columns} selectedId={selectedId} onSelect={setSelectedId} onPage={onPage} emptyText={emptyText} />}
      pane={<CasePane caseId={selectedId} actions={actions} extra={beforeAfter ? withBeforeAfter : undefined} />}
    />
  );
}
