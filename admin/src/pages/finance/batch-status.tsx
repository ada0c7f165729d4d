import { Tag } from 'antd';
import type { BatchStatus, BillState, PayoutLineStatus } from '../../api/contract';
import { BATCH_STATUS_LABELS, BILL_STATE_LABELS, LINE_STATUS_LABELS } from '../../../../server/src/settlement/labels.js';

const BATCH_COLORS: Record<BatchStatus, string> = { review: 'gold', checking: 'orange', approved: 'blue', paying: 'processing', done: 'green' };
const LINE_COLORS: Record<PayoutLineStatus, string> = { pending: 'default', excluded: 'default', paying: 'processing', paid: 'green', failed: 'red' };
const BILL_COLORS: Record<BillState, string> = {
  CREATING: 'default',
  ACCEPTED: 'processing',
  PROCESSING: 'processing',
  WAIT_USER_CONFIRM: 'gold',
  TRANSFERING: 'processing',
  SUCCESS: 'green',
  FAIL: 'red',
  CANCELING: 'orange',
  CANCELLED: 'default',
};

export const BatchStatusTag = ({ status }: { status: BatchStatus }) => <Tag color={BATCH_COLORS[status]}>{BATCH_STATUS_LABELS[status]}</Tag>;
export const LineStatusTag = ({ status }: { status: PayoutLineStatus }) => <Tag color={LINE_COLORS[status]}>{LINE_STATUS_LABELS[status]}</Tag>;
export const BillStateTag = ({ state }: { state: BillState }) => <Tag color={BILL_COLORS[state]}>{BILL_STATE_LABELS[state]}</Tag>;
