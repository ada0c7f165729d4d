/**
 * How a failed request reads to staff: a Chinese headline chosen by the server's stable error
 * code, and the server's own message below it, since it says exactly what was refused and why.
 */
import { ApiError } from '../api/client';

const HEADLINES: Record<string, string> = {
  'case.illegal_transition': '当前状态不允许此操作',
  'case.version_conflict': '案件已被他人更新',
  'case.not_found': '案件不存在或无权查看',
  'auth.forbidden': '无权执行此操作',
  'auth.invalid_credentials': '用户名或密码错误',
  'auth.account_locked': '登录失败次数过多，账号已锁定',
  'auth.unauthenticated': '登录已失效，请重新登录',
  network: '无法连接服务器',
  'request.invalid': '填写的内容有误',
  'settlement.same_approver': '审批须由另一位财务人员完成',
  'settlement.wrong_state': '结算批次当前状态不允许此操作',
  'settlement.month_not_over': '该月尚未结束，不能结算',
  'settlement.line_not_excludable': '该明细已不能剔除',
  'settlement.line_not_manual': '该明细不是线下发放渠道',
  'settlement.bill_not_cancellable': '该转账账单已不能撤销',
  'settlement.wechat_pay_not_configured': '未配置微信支付商户，无法付款',
  'settlement.wechat_pay_unavailable': '微信支付暂不可用，请稍后重试',
  'reward.rules_in_the_past': '规则生效时间不能早于当前时间',
  'contractor.name_taken': '承包单位名称已存在',
  'contractor.unknown_place': '找不到该网格、社区或街道',
  'contractor.area_in_the_past': '承包区域生效时间不能早于当前时间',
  'hotline.ticket_already_completed': '该热线工单已补录完成',
  'hotline.phone_not_found': '该市民没有登记电话号码',
  'report.outside_service_area': '该位置不在服务区域内',
  'photo.too_large': '照片过大',
  'photo.unsupported_type': '不支持的图片格式',
};

/** The lockout's end, which the server gives as Beijing time (…+08:00) inside its message. */
function lockedUntil(message: string): string | null {
  const until = /until (\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(message);
  return until ? `${until[1]} ${until[2]}` : null;
}

export function describeError(error: unknown): { title: string; detail: string } {
  if (error instanceof ApiError && error.code === 'auth.account_locked' && lockedUntil(error.message)) {
    return { title: `${HEADLINES[error.code]}，请于 ${lockedUntil(error.message)} 后再试或联系管理员解锁`, detail: error.message };
  }
  if (error instanceof ApiError) {
    const title = HEADLINES[error.code] ?? (error.status >= 500 ? '服务器出错，请稍后重试' : '操作失败');
    const fields = error.fields?.map((field) => `${field.field}: ${field.message}`).join('；');
    return { title, detail: fields ? `${error.message}（${fields}）` : error.message };
  }
  return { title: '页面出错', detail: error instanceof Error ? error.message : String(error) };
}
