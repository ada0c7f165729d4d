import { useState } from 'react';
import { Button, Space, Typography } from 'antd';
import type { CaseAction, CaseDetail } from '../../api/contract';
import { useCaseAction } from '../../api/hooks';
import { ACTION_LABELS } from '../../labels';
import { ACTION_FIELDS, ActionDialog } from './action-dialog';

/** Taken at once: nothing to fill in, and cheap to follow with the next step. */
const ONE_CLICK: ReadonlySet<CaseAction> = new Set(['accept']);
/** Steps that move the case forward along the workflow; shown as the main button. */
const FORWARD: ReadonlySet<CaseAction> = new Set(['accept', 'register', 'dispatch', 'handle', 'close', 'approve_extension', 'unhang', 'report_verification']);
const DANGER: ReadonlySet<CaseAction> = new Set(['reject', 'void', 'rework', 'return']);

/** The actions the server lists as possible for this person now, in the order given by `only` (default: all). */
export function actionsOffered(detail: CaseDetail, only?: readonly CaseAction[]): CaseAction[] {
  const allowed = detail.allowedActions.filter((action): action is CaseAction => action in ACTION_FIELDS);
  return only ? only.filter((action) => allowed.includes(action)) : allowed;
}

interface Props {
  detail: CaseDetail;
  /** The desk's own actions, in its order; others stay on the full case page. */
  only?: readonly CaseAction[];
}

export function ActionBar({ detail, only }: Props) {
  const [open, setOpen] = useState<CaseAction | null>(null);
  const perform = useCaseAction(detail.id);
  const offered = actionsOffered(detail, only);
  if (offered.length === 0) return <Typography.Text type="secondary">当前没有可执行的操作</Typography.Text>;
  return (
    <Space wrap size={8} data-testid="action-bar">
      {offered.map((action) => (
        <Button
          key={action}
          type={FORWARD.has(action) ? 'primary' : 'default'}
          danger={DANGER.has(action)}
          loading={ONE_CLICK.has(action) && perform.isPending}
          onClick={() => (ONE_CLICK.has(action) ? perform.mutate({ action }) : setOpen(action))}
        >
          {ACTION_LABELS[action]}
        </Button>
      ))}
      {open && <ActionDialog detail={detail} action={open} onClose={() => setOpen(null)} />}
    </Space>
  );
}
