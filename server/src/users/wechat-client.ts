/**
 * WeChat mini program server API: `jscode2session` turns the single-use code from `wx.login`
 * into the user's openid. The base URL is configurable so tests talk to a local peer.
 */
import { AppError } from '../errors/app-error.js';

export interface WeChatSession {
  openid: string;
  unionid?: string;
}

export interface WeChatClient {
  codeToSession(code: string): Promise<WeChatSession>;
}

interface Code2SessionAnswer {
  openid?: string;
  unionid?: string;
  session_key?: string;
  errcode?: number;
  errmsg?: string;
}

/** WeChat error codes a citizen can cause (a stale or reused code) versus ones they cannot. */
const CODE_REJECTED = new Set([40029, 40163, 40226]);
const RATE_LIMITED = 45011;

export function createWeChatClient(options: { apiBase: string; appId: string; appSecret: string; timeoutMs?: number }): WeChatClient {
  return {
    async codeToSession(code) {
      const url = new URL('/sns/jscode2session', options.apiBase);
      url.search = new URLSearchParams({
        appid: options.appId,
        secret: options.appSecret,
        js_code: code,
        grant_type: 'authorization_code',
      }).toString();
      let answer: Code2SessionAnswer;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        answer = (await response.json()) as Code2SessionAnswer;
      } catch {
        throw new AppError(502, 'auth.wechat_unavailable', 'WeChat login service did not answer; try again');
      }
      if (answer.errcode && CODE_REJECTED.has(answer.errcode)) {
        throw new AppError(401, 'auth.wechat_code_invalid', `WeChat rejected the login code (${answer.errcode})`);
      }
      if (answer.errcode === RATE_LIMITED) {
        throw new AppError(429, 'auth.rate_limited', 'too many login attempts; try again in a minute');
      }
      if (answer.errcode || !answer.openid) {
        throw new AppError(502, 'auth.wechat_unavailable', `WeChat login failed (${answer.errcode ?? 'no openid'})`);
      }
      return { openid: answer.openid, unionid: answer.unionid };
    },
  };
}
