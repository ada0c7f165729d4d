/**
 * A local stand-in for api.weixin.qq.com that answers `jscode2session`, `stable_token` and
 * `message/subscribe/send` the way WeChat does: HTTP 200 with an errcode for every failure.
 * Codes are registered by the test; a subscribe message with a value over its type's limit is
 * refused with 47003, as WeChat does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WeChatPeer {
  baseUrl: string;
  appId: string;
  appSecret: string;
  /** A fresh single-use code for this openid, as `wx.login` would hand the mini program. */
  issueCode(openid: string, unionid?: string): string;
  requests: URL[];
  /** Subscribe messages WeChat took, in order. */
  sentMessages: SentSubscribeMessage[];
  /** How many access tokens `stable_token` handed out. */
  tokensIssued(): number;
  /** Answers the next subscribe sends to this openid with these errcodes, in order (then success). */
  failSends(openid: string, ...errcodes: number[]): void;
  /** Invalidates every access token handed out so far (as WeChat does when it revokes one early). */
  revokeTokens(): void;
  close(): Promise<void>;
}

export interface SentSubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
}

/** WeChat's limits per value type (the keyword's name without its number), in characters. */
const VALUE_LIMITS: Record<string, number> = { thing: 20, phrase: 5, character_string: 32, amount: 11, time: 20 };

function valuesFit(data: SentSubscribeMessage['data']): boolean {
  return Object.entries(data ?? {}).every(([key, { value }]) => {
    const limit = VALUE_LIMITS[key.replace(/\d+$/, '')];
    return typeof value === 'string' && limit !== undefined && Array.from(value).length <= limit;
  });
}

async function readJson(req: http.IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return {};
  }
}

export async function startWeChatPeer(options: { rateLimited?: boolean } = {}): Promise<WeChatPeer> {
  const appId = 'wx0123456789abcdef';
  const appSecret = 'peer-secret-0123456789';
  const codes = new Map<string, { openid: string; unionid?: string; used: boolean }>();
  const requests: URL[] = [];
  const sentMessages: SentSubscribeMessage[] = [];
  const validTokens = new Set<string>();
  const scriptedErrors = new Map<string, number[]>();
  let tokensIssued = 0;
  let counter = 0;
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://peer');
    requests.push(url);
    const reply = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && url.pathname === '/cgi-bin/stable_token') {
      const body = await readJson(req);
      if (body.grant_type !== 'client_credential') return reply({ errcode: 40002, errmsg: 'invalid grant_type' });
      if (body.appid !== appId || body.secret !== appSecret) return reply({ errcode: 40013, errmsg: 'invalid appid' });
      const token = `peer-token-${++tokensIssued}`;
      validTokens.add(token);
      return reply({ access_token: token, expires_in: 7200 });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/subscribe/send') {
      const body = (await readJson(req)) as SentSubscribeMessage;
      if (!validTokens.has(url.searchParams.get('access_token') ?? '')) return reply({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid' });
      const scripted = scriptedErrors.get(body.touser)?.shift();
      if (scripted) return reply({ errcode: scripted, errmsg: 'scripted by the test' });
      if (!body.touser || !body.template_id || !valuesFit(body.data)) return reply({ errcode: 47003, errmsg: 'argument invalid! data.xxx.value invalid' });
      sentMessages.push(body);
      return reply({ errcode: 0, errmsg: 'ok', msgid: sentMessages.length });
    }
    if (url.pathname !== '/sns/jscode2session') return reply({ errcode: 40066, errmsg: 'invalid url' });
    const q = url.searchParams;
    if (q.get('appid') !== appId || q.get('secret') !== appSecret) return reply({ errcode: 40013, errmsg: 'invalid appid' });
    if (q.get('grant_type') !== 'authorization_code') return reply({ errcode: 40002, errmsg: 'invalid grant_type' });
    if (options.rateLimited) return reply({ errcode: 45011, errmsg: 'api minute-quota reach limit' });
    const entry = codes.get(q.get('js_code') ?? '');
    if (!entry) return reply({ errcode: 40029, errmsg: 'invalid code' });
    if (entry.used) return reply({ errcode: 40163, errmsg: 'code been used' });
    entry.used = true;
    reply({ openid: entry.openid, session_key: 'c2Vzc2lvbi1rZXk=', ...(entry.unionid ? { unionid: entry.unionid } : {}) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    requests,
    sentMessages,
    tokensIssued: () => tokensIssued,
    failSends(openid, ...errcodes) {
      scriptedErrors.set(openid, [...(scriptedErrors.get(openid) ?? []), ...errcodes]);
    },
    revokeTokens: () => validTokens.clear(),
    issueCode(openid, unionid) {
      const code = `0${(++counter).toString().padStart(3, '0')}wxcode${Math.random().toString(36).slice(2, 12)}`;
      codes.set(code, { openid, unionid, used: false });
      return code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
