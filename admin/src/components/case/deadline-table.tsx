import { Alert, Table } from 'antd';
import type { Deadline } from '../../api/contract';
import { formatDuration, formatTime } from '../../format';
import { CLOCK_KIND_LABELS, STAGE_LABELS } from '../../labels';
import { LightTag } from '../light-tag';

function clockState(deadline: Deadline): string {
  if (deadline.stoppedAt) return `已完成（${formatTime(deadline.stoppedAt)}）`;
  if (deadline.pausedAt) return '挂账暂停';
  return '计时中';
}

/** Every stage clock the case has had, with its light; a deadline computed without next year's holidays is flagged. */
export function DeadlineTable({ deadlines }: { deadlines: Deadline[] }) {
  const assumed = [...new Set(deadlines.flatMap((deadline) => deadline.assumedYears))];
  return (
    <>
      {assumed.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={`${assumed.join('、')} 年节假日尚未录入：相关时限暂按周一至周五工作日计算`} />
      )}
      <Table<Deadline>
        size="small"
        rowKey={(deadline) => `${deadline.stage}-${deadline.startedAt}`}
        dataSource={deadlines}
        pagination={false}
        locale={{ emptyText: '尚未开始计时' }}
        columns={[
          { title: '阶段', render: (_, deadline) => STAGE_LABELS[deadline.stage] },
          { title: '计时', render: (_, deadline) => CLOCK_KIND_LABELS[deadline.kind] },
          { title: '开始', render: (_, deadline) => formatTime(deadline.startedAt) },
          { title: '时限', render: (_, deadline) => formatTime(deadline.dueAt) },
          { title: '剩余', render: (_, deadline) => formatDuration(deadline.remainingMs) },
          { title: '灯', render: (_, deadline) => <LightTag light={deadline.light} /> },
          { title: '状态', render: (_, deadline) => clockState(deadline) },
        ]}
      />
    </>
  );
}
