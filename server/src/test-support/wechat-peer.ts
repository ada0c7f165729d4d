/**
 * A local stand-in for api.weixin.qq.com that answers `jscode2session` the way WeChat does:
 * HTTP 200 with an errcode for every failure. Codes are registered by the test.
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
  close(): Promise<void>;
}

export async function startWeChatPeer(options: { rateLimited?: boolean } = {}): Promise<WeChatPeer> {
  const appId = 'wx0123456789abcdef';
  const appSecret = 'peer-secret-0123456789';
  const codes = new Map<string, { openid: string; unionid?: string; used: boolean }>();
  const requests: URL[] = [];
  let counter = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://peer');
    requests.push(url);
    const reply = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
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
    issueCode(openid, unionid) {
      const code = `0${(++counter).toString().padStart(3, '0')}wxcode${Math.random().toString(36).slice(2, 12)}`;
      codes.set(code, { openid, unionid, used: false });
      return code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
