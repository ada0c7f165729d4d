/**
 * 派遣: registered cases with the suggested unit chosen (one-click 派遣), the 回退 queue, 延期
 * approvals, 催办/督办 of cases being handled, and the 挂账 pool. Tabs follow what the person's
 * roles may do: a 值班长 sees the approvals and 督办, not dispatching.
 */
import { useState } from 'react';
import { Tabs } from 'antd';
import type { CaseAction, CaseDetail } from '../../api/contract';
import { usePagedQueue } from '../../api/hooks';
import { mayAny } from '../../auth/permissions';
import { useStaff } from '../../auth/session';
import { CaseQueue, queueColumns, type QueueData } from '../../components/case-queue';
import { CasePane } from '../../components/case/case-pane';
import { DeskLayout, useDeskSelection } from '../../components/desk-layout';
import { DispatchBox } from './dispatch-box';

const columns = [queueColumns.light, queueColumns.id, queueColumns.category, queueColumns.street, queueColumns.reporters, queueColumns.dueAt];
const withDispatch = (detail: CaseDetail) => <DispatchBox key={detail.id} detail={detail} />;

interface DeskTab {
  key: string;
  label: string;
  requires: CaseAction[];
  actions: CaseAction[];
  emptyText: string;
  /** The queue; a hook, called only for the open tab. */
  useQueue: () => { queue: QueueData; onPage?: (page: number) => void };
}

const TABS: DeskTab[] = [
  { key: 'registered', label: '待派遣', requires: ['dispatch'], actions: ['hang', 'split', 'void'], emptyText: '没有待派遣的案件', useQueue: () => usePagedQueue({ status: ['registered'] }) },
  { key: 'returned', label: '回退', requires: ['dispatch'], actions: ['hang', 'void'], emptyText: '没有被回退的案件', useQueue: () => usePagedQueue({ status: ['registered'], flag: 'returned' }) },
  {
    key: 'extension',
    label: '延期审批',
    requires: ['approve_extension'],
    actions: ['approve_extension', 'deny_extension'],
    emptyText: '没有待审批的延期申请',
    useQueue: () => usePagedQueue({ status: ['dispatched'], flag: 'extension_pending' }),
  },
  { key: 'dispatched', label: '催办督办', requires: ['urge', 'supervise'], actions: ['urge', 'supervise', 'hang', 'void'], emptyText: '没有处置中的案件', useQueue: () => usePagedQueue({ status: ['dispatched'] }) },
  { key: 'hung', label: '挂账', requires: ['unhang'], actions: ['unhang', 'void'], emptyText: '挂账池为空', useQueue: () => usePagedQueue({ status: ['hung'] }) },
];

export default function DispatchDesk() {
  const staff = useStaff();
  const tabs = TABS.filter((tab) => mayAny(staff, tab.requires));
  const [active, setActive] = useState(tabs[0]?.key);
  const [, select] = useDeskSelection();
  return (
    <Tabs
      activeKey={active}
      onChange={(key) => {
        setActive(key);
        select(undefined);
      }}
      destroyOnHidden
      items={tabs.map((tab) => ({ key: tab.key, label: tab.label, children: <DeskTabView tab={tab} /> }))}
    />
  );
}

function DeskTabView({ tab }: { tab: DeskTab }) {
  const [selectedId, setSelectedId] = useDeskSelection();
  const { queue, onPage } = tab.useQueue();
  return (
    <DeskLayout
      onOpenCase={setSelectedId}
      queue={<CaseQueue label={`${tab.label}队列`} queue={queue} columns={columns} selectedId={selectedId} onSelect={setSelectedId} onPage={onPage} emptyText={tab.emptyText} />}
      pane={<CasePane caseId={selectedId} actions={tab.actions} extra={tab.key === 'registered' || tab.key === 'returned' ? withDispatch : undefined} />}
    />
  );
}
