/**
 * The Chinese words for settlement states, used by the .xlsx exports and imported as code by the
 * console, so a sheet and a screen never call one state two names. Typed against the schema's
 * unions: a new state does not compile until it has a word.
 */
import type { BatchStatus, BillState, PayoutChannel, PayoutLineStatus } from '../db/schema.js';

export const BATCH_STATUS_LABELS: Record<BatchStatus, string> = {
  review: '待复核',
  checking: '待审批',
  approved: '已审批',
  paying: '发放中',
  done: '已完成',
};

export const CHANNEL_LABELS: Record<PayoutChannel, string> = {
  wechat_transfer: '微信转账',
  phone_credit: '话费充值',
  manual: '红包/现金',
};

export const LINE_STATUS_LABELS: Record<PayoutLineStatus, string> = {
  pending: '待发放',
  excluded: '已剔除',
  paying: '发放中',
  paid: '已发放',
  failed: '发放失败',
};

export const BILL_STATE_LABELS: Record<BillState, string> = {
  CREATING: '创建中',
  ACCEPTED: '已受理',
  PROCESSING: '转账中',
  WAIT_USER_CONFIRM: '待用户领取',
  TRANSFERING: '转账中（已领取）',
  SUCCESS: '转账成功',
  FAIL: '转账失败',
  CANCELING: '撤销中',
  CANCELLED: '已撤销',
};
