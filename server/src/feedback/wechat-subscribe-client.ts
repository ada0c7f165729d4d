/**
 * WeChat subscribe messages (`cgi-bin/message/subscribe/send`) with the access token from
 * `cgi-bin/stable_token`, cached and refreshed 5 minutes before it expires (old and new tokens
 * overlap that long, so a worker still holding the old one is fine). The base URL is
 * configurable so tests talk to a local peer.
 */
import type { Clock } from '../config/clock.js';

export interface SubscribeMessage {
  openid: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

/**
 * What became of a message: sent; refused by the user (43101: their acceptance is gone, never
 * retry); or rejected for another lasting reason (a bad template or field: retrying cannot help).
 * Passing trouble (network, WeChat busy, an expired token) throws instead, so the job retries.
 */
export type SendOutcome = { kind: 'sent' } | { kind: 'refused'; errcode: number } | { kind: 'rejected'; errcode: number };

export interface SubscribeMessageSender {
  send(message: SubscribeMessage): Promise<SendOutcome>;
}

const USER_REFUSED = 43101;
/** Errors that pass: system busy, rate limits, and tokens WeChat no longer takes (fetched anew). */
const SYSTEM_BUSY = -1;
const TOKEN_INVALID = new Set([40001, 40014, 42001]);
const RATE_LIMITED = new Set([45009, 45011]);
const REFRESH_BEFORE_MS = 5 * 60_000;

interface WeChatAnswer {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
}

export function createSubscribeMessageSender(
  options: { apiBase: string; appId: string; appSecret: string; timeoutMs?: number },
  clock: Clock,
): SubscribeMessageSender {
  let cached: { token: string; refreshAt: number } | null = null;
  let fetching: Promise<string> | null = null;

  const call = async (path: string, body: object): Promise<WeChatAnswer> => {
    const response = await fetch(new URL(path, options.apiBase), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    if (!response.ok) throw new Error(`WeChat ${path} answered HTTP ${response.status}`);
    return (await response.json()) as WeChatAnswer;
  };

  const fetchToken = async (): Promise<string> => {
    const answer = await call('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: options.appId, secret: options.appSecret, force_refresh: false });
    if (!answer.access_token || !answer.expires_in) throw new Error(`WeChat stable_token failed (${answer.errcode}: ${answer.errmsg})`);
    cached = { token: answer.access_token, refreshAt: clock.now().getTime() + answer.expires_in * 1000 - REFRESH_BEFORE_MS };
    return answer.access_token;
  };

  /** One fetch at a time, however many messages wait for the token. */
  const accessToken = async (): Promise<string> => {
    if (cached && clock.now().getTime() < cached.refreshAt) return cached.token;
    fetching ??= fetchToken().finally(() => {
      fetching = null;
    });
    return fetching;
  };

  return {
    async send(message) {
      const token = await accessToken();
      const answer = await call(`/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, {
        touser: message.openid,
        template_id: message.templateId,
        page: message.page,
        data: message.data,
        lang: 'zh_CN',
      });
      const errcode = answer.errcode ?? 0;
      if (errcode === 0) return { kind: 'sent' };
      if (errcode === USER_REFUSED) return { kind: 'refused', errcode };
      if (TOKEN_INVALID.has(errcode)) {
        if (cached?.token === token) cached = null;
        throw new Error(`WeChat refused the access token (${errcode}); a fresh one is fetched on retry`);
      }
      if (errcode === SYSTEM_BUSY || RATE_LIMITED.has(errcode)) throw new Error(`WeChat is busy (${errcode}: ${answer.errmsg})`);
      return { kind: 'rejected', errcode };
    },
  };
}
