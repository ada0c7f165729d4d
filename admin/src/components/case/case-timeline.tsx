import { Space, Timeline, Typography } from 'antd';
import type { TimelineEntry } from '../../api/contract';
import { formatTime } from '../../format';
import { ROLE_LABELS, STATUS_LABELS } from '../../labels';
import { PhotoStrip } from './photo-evidence';

function actorOf(entry: TimelineEntry): string {
  if ('system' in entry.actor) return '系统';
  return `${entry.actor.name ?? '工作人员'}${entry.actor.role ? `（${ROLE_LABELS[entry.actor.role]}）` : ''}`;
}

/** The note an action carried, when its details have one (处置反馈, 受理, 结案 …). */
function noteOf(entry: TimelineEntry): string | null {
  const note = entry.details.note;
  return typeof note === 'string' && note ? note : null;
}

/** Who did what, when and why, oldest first: every step of the case. */
export function CaseTimeline({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0) return <Typography.Text type="secondary">尚无办理记录</Typography.Text>;
  return (
    <Timeline
      items={entries.map((entry) => ({
        key: entry.id,
        children: (
          <Space direction="vertical" size={2} data-testid="timeline-entry">
            <Space wrap>
              <Typography.Text strong>{entry.actionLabel}</Typography.Text>
              <Typography.Text type="secondary">
                {STATUS_LABELS[entry.fromStatus]} → {STATUS_LABELS[entry.toStatus]}
              </Typography.Text>
            </Space>
            <Typography.Text type="secondary">
              {formatTime(entry.at)} · {actorOf(entry)}
            </Typography.Text>
            {entry.reason && <Typography.Text>理由：{entry.reason}</Typography.Text>}
            {noteOf(entry) && <Typography.Text>说明：{noteOf(entry)}</Typography.Text>}
            {entry.photos.length > 0 && <PhotoStrip photos={entry.photos} size={72} />}
          </Space>
        ),
      }))}
    />
  );
}
