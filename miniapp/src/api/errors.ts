/**
 * What the citizen reads when something fails: Chinese for every error code the citizen
 * endpoints answer with, then by HTTP status for codes added later, and for no answer at all.
 */

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server was not reached (offline, timeout). */
    readonly status: number,
    readonly code: string,
    /** The server's own (English) message, for logs. */
    readonly serverMessage: string,
    readonly fields?: Array<{ field: string; message: string }>,
  ) {
    super(citizenMessage(status, code));
    this.name = 'ApiError';
  }

  /** No answer, or one that says "later": worth sending again as it is. */
  get isRetryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export const OFFLINE = 'network.offline';

const MESSAGES: Record<string, string> = {
  [OFFLINE]: '网络不可用，请检查网络后重试',
  'auth.unauthenticated': '请先登录',
  'auth.invalid_token': '登录已失效，请重新登录',
  'auth.token_expired': '登录已过期，请重新登录',
  'auth.session_ended': '登录已失效，请重新登录',
  'auth.citizens_only': '该功能仅对市民开放',
  'auth.forbidden': '您没有权限进行此操作',
  'auth.wechat_code_invalid': '微信登录失败，请重试',
  'auth.wechat_unavailable': '微信登录服务暂时不可用，请稍后再试',
  'auth.rate_limited': '登录太频繁，请一分钟后再试',
  'report.outside_service_area': '该位置不在服务区域内，请在本市网格范围内选择位置',
  'report.unknown_category': '问题类型已停用，请重新选择',
  'report.photo_unavailable': '照片已失效，请删除后重新拍摄',
  'report.idempotency_key_required': '提交信息不完整，请重新提交',
  'report.idempotency_key_reused': '该上报已提交过，请刷新后查看',
  'report.not_found': '没有找到这条上报',
  'photo.too_large': '照片太大，请换一张或压缩后再试',
  'photo.too_many_pixels': '照片分辨率过高，请换一张',
  'photo.undecodable': '照片无法识别，请重新拍摄',
  'photo.unsupported_type': '只支持 JPG、PNG 等常见图片格式',
  'photo.not_found': '照片不存在或已过期',
  'case.not_found': '该问题已不存在',
  'case.not_open': '该问题已办结或不再受理，无法关注',
  'rating.case_not_closed': '问题结案后才能评价',
  'rating.already_given': '您已经评价过了，每个案件只能评价一次',
  'grid.not_found': '没有找到该网格',
  'subscription.unknown_template': '消息订阅设置已更新，请重新进入小程序',
  'subscription.idempotency_key_required': '订阅结果未能保存，请重试',
  'subscription.idempotency_key_reused': '订阅结果已保存',
  'category.not_found': '问题类型不存在',
  'reward.no_rules': '奖励规则尚未发布',
  'request.invalid': '填写的内容有误，请检查后再试',
  'request.invalid_json': '提交的内容格式有误，请重试',
  'request.invalid_encoding': '提交的内容包含无法识别的字符',
  'request.too_large': '提交的内容太大，请减少照片或文字',
  'request.unsupported_media_type': '提交的内容格式有误，请重试',
  'route.not_found': '当前版本过旧，请更新小程序',
  'route.method_not_allowed': '当前版本过旧，请更新小程序',
  internal: '服务器开小差了，请稍后再试',
};

function byStatus(status: number): string {
  if (status === 0) return MESSAGES[OFFLINE];
  if (status === 401) return '登录已失效，请重新登录';
  if (status === 403) return '您没有权限进行此操作';
  if (status === 404) return '要找的内容不存在';
  if (status === 409) return '状态已变化，请刷新后再试';
  if (status === 413) return '提交的内容太大';
  if (status === 429) return '操作太频繁，请稍后再试';
  if (status >= 500) return '服务暂时不可用，请稍后再试';
  return '提交的内容有误，请检查后再试';
}

export function citizenMessage(status: number, code: string): string {
  return MESSAGES[code] ?? byStatus(status);
}

/** The Chinese message of anything thrown: an ApiError's, or a generic one. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return '出了点问题，请稍后再试';
}
