import { REAL_MODE_SECRETS, startTestApp, type TestApp } from '../test-support/test-app.js';
import { startWeChatPeer, type WeChatPeer } from '../test-support/wechat-peer.js';
import { demoOpenid } from './login-citizen.js';

describe('citizen login against WeChat (real mode)', () => {
  let peer: WeChatPeer;
  let app: TestApp;

  beforeAll(async () => {
    peer = await startWeChatPeer();
    app = await startTestApp({
      ...REAL_MODE_SECRETS,
      DEMO_MODE: 'false',
      WECHAT_API_BASE: peer.baseUrl,
      WECHAT_APPID: peer.appId,
      WECHAT_SECRET: peer.appSecret,
    });
  });
  afterAll(async () => {
    await app.close();
    await peer.close();
  });

  it('exchanges the wx.login code for a token and a citizen with a masked openid', async () => {
    const openid = `oAbC${Date.now()}xyzXYZ0123456`;
    const response = await app.request('POST', '/api/v1/auth/wechat', { body: { code: peer.issueCode(openid, 'union-1') } });
    expect(response.status).toBe(200);
    expect(response.body.token).toEqual(expect.any(String));
    expect(response.body.citizen.openid).toBe(`${openid.slice(0, 4)}****${openid.slice(-4)}`);
    expect(JSON.stringify(response.body)).not.toContain(openid);
    const call = peer.requests.at(-1)!;
    expect(call.searchParams.get('grant_type')).toBe('authorization_code');
  });

  it('gives the same citizen on every login of one openid', async () => {
    const openid = `oSame${Date.now()}abcdefghij`;
    const first = await app.request('POST', '/api/v1/auth/wechat', { body: { code: peer.issueCode(openid) } });
    const second = await app.request('POST', '/api/v1/auth/wechat', { body: { code: peer.issueCode(openid) } });
    expect(second.body.citizen.id).toBe(first.body.citizen.id);
  });

  it('refuses a code WeChat does not know, and a code used twice', async () => {
    const unknown = await app.request('POST', '/api/v1/auth/wechat', { body: { code: 'nonsense-code' } });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('auth.wechat_code_invalid');

    const code = peer.issueCode(`oTwice${Date.now()}`);
    expect((await app.request('POST', '/api/v1/auth/wechat', { body: { code } })).status).toBe(200);
    const reused = await app.request('POST', '/api/v1/auth/wechat', { body: { code } });
    expect(reused.status).toBe(401);
  });

  it('does not accept demo codes outside demo mode', async () => {
    const response = await app.request('POST', '/api/v1/auth/wechat', { body: { code: 'demo-zhangsan' } });
    expect(response.status).toBe(401);
  });

  it('answers 400 naming the field for a missing or oversized code, and for extra fields', async () => {
    const missing = await app.request('POST', '/api/v1/auth/wechat', { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields[0].field).toBe('code');
    const long = await app.request('POST', '/api/v1/auth/wechat', { body: { code: 'x'.repeat(500) } });
    expect(long.status).toBe(400);
    const extra = await app.request('POST', '/api/v1/auth/wechat', { body: { code: 'abc', admin: true } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.fields[0].field).toBe('admin');
  });

  it('answers 502 when WeChat cannot be reached', async () => {
    const offline = await startTestApp({
      ...REAL_MODE_SECRETS,
      DEMO_MODE: 'false',
      WECHAT_API_BASE: 'http://127.0.0.1:9',
      WECHAT_APPID: peer.appId,
      WECHAT_SECRET: peer.appSecret,
    });
    try {
      const response = await offline.request('POST', '/api/v1/auth/wechat', { body: { code: 'any-code' } });
      expect(response.status).toBe(502);
      expect(response.body.error.code).toBe('auth.wechat_unavailable');
    } finally {
      await offline.close();
    }
  });
});

describe('citizen login in demo mode', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ DEMO_MODE: 'true' });
  });
  afterAll(() => app.close());

  it('maps demo-<name> to a stable openid and citizen', async () => {
    const first = await app.request('POST', '/api/v1/auth/wechat', { body: { code: 'demo-李四' } });
    const second = await app.request('POST', '/api/v1/auth/wechat', { body: { code: 'demo-李四' } });
    expect(first.status).toBe(200);
    expect(second.body.citizen.id).toBe(first.body.citizen.id);
    const openid = demoOpenid('李四');
    expect(first.body.citizen.openid).toBe(`${openid.slice(0, 4)}****${openid.slice(-4)}`);
  });

  it('rejects an expired token with auth.token_expired, also one it accepted before', async () => {
    const login = await app.request('POST', '/api/v1/auth/wechat', { body: { code: 'demo-expiring' } });
    expect((await app.request('GET', '/api/v1/reports/mine', { token: login.body.token })).status).toBe(200);
    app.clock.advance(8 * 24 * 3600 * 1000);
    try {
      const response = await app.request('GET', '/api/v1/reports/mine', { token: login.body.token });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('auth.token_expired');
    } finally {
      app.clock.advance(-8 * 24 * 3600 * 1000);
    }
  });

  it('rejects a forged token', async () => {
    const response = await app.request('GET', '/api/v1/reports/mine', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.forged' });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('auth.invalid_token');
  });
});
