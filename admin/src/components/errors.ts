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
