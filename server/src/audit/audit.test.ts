import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildStaff, loginDemoStaff, TEST_STAFF_PASSWORD, type TestStaff } from '../test-support/factories.js';

let app: TestApp;
let admin: TestStaff;
beforeAll(async () => {
  app = await startTestApp();
  admin = await buildStaff(app, { roles: ['admin'] });
});
afterAll(() => app.close());

interface Entry {
  id: number;
  at: string;
  staffId: number | null;
  username: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

interface AuditPage {
  entries: Entry[];
  total: number;
  page: number;
  pageSize: number;
  error: { code: string; fields: { field: string }[] };
}

/** Other test files write to the same log at the same test-clock times: every search names its own usernames or ids. */
async function search(query: Record<string, string | number>, token = admin.token) {
  const params = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
  return app.request<AuditPage>('GET', `/api/v1/audit-log?${params}`, { token });
}

function login(username: string, password: string) {
  return app.request('POST', '/api/v1/auth/staff', { body: { username, password } });
}

describe('the staff audit log', () => {
  it('records logins, failed logins and logouts with who, from where and why, newest first', async () => {
    const staff = await buildStaff(app, { roles: ['reviewer'] });
    app.clock.advance(1000);
    await login(staff.username, 'wrong-password1');
    app.clock.advance(1000);
    await app.request('POST', '/api/v1/auth/logout', { token: staff.token });

    const { status, body } = await search({ username: staff.username });
    expect(status).toBe(200);
    expect(body.total).toBe(3);
    expect(body.entries.map((entry) => entry.action)).toEqual(['logout', 'login_failed', 'login']);
    const [logout, failed, loggedIn] = body.entries;
    expect(loggedIn).toMatchObject({ staffId: staff.id, targetType: 'staff_session', ip: expect.stringContaining('127.0.0.1') });
    expect(failed).toMatchObject({ staffId: staff.id, details: { reason: 'wrong_password', failedLogins: 1 } });
    expect(logout.targetId).toBe(loggedIn.targetId);
    expect(new Date(logout.at).getTime() - new Date(loggedIn.at).getTime()).toBe(2000);
    expect(JSON.stringify(body)).not.toContain('wrong-password1');
  });

  it('records the address the connection came from, not one a client writes into X-Forwarded-For', async () => {
    const staff = await buildStaff(app, { roles: ['reviewer'] });
    await app.request('POST', '/api/v1/auth/staff', {
      body: { username: staff.username, password: TEST_STAFF_PASSWORD },
      headers: { 'X-Forwarded-For': '203.0.113.9' },
    });
    const { body } = await search({ username: staff.username, action: 'login' });
    expect(body.entries.map((entry) => entry.ip)).toEqual([expect.stringContaining('127.0.0.1'), expect.stringContaining('127.0.0.1')]);
  });

  it('believes X-Forwarded-For behind a reverse proxy (TRUST_PROXY)', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: 'true' });
    try {
      const staff = await buildStaff(proxied, { roles: ['reviewer'] });
      await proxied.request('POST', '/api/v1/auth/staff', {
        body: { username: staff.username, password: TEST_STAFF_PASSWORD },
        headers: { 'X-Forwarded-For': '203.0.113.9' },
      });
      const { body } = await search({ username: staff.username, action: 'login' });
      expect(body.entries[0].ip).toBe('203.0.113.9');
    } finally {
      await proxied.close();
    }
  });

  it('records a failed login of an unknown username under the name tried', async () => {
    const tried = `ghost-${randomUUID().slice(0, 8)}`;
    await login(tried, 'whatever123');
    const { body } = await search({ username: tried, action: 'login_failed' });
    expect(body.entries).toEqual([
      expect.objectContaining({ staffId: null, username: tried, details: { reason: 'unknown_user' }, ip: expect.any(String) }),
    ]);
  });

  it('records lockouts and refusals of locked and disabled accounts', async () => {
    const staff = await buildStaff(app, { roles: ['verifier'] });
    for (let attempt = 1; attempt <= 5; attempt++) await login(staff.username, 'wrong-password1');
    await login(staff.username, TEST_STAFF_PASSWORD);
    const { body } = await search({ staffId: staff.id, action: 'login_failed' });
    expect(body.entries.map((entry) => entry.details.reason)).toEqual(['locked', ...Array(5).fill('wrong_password')]);
    expect(body.entries[1].details.lockedUntil).toEqual(expect.any(String));
  });

  it('records every change an administrator makes to an account, never the password', async () => {
    const username = `audited-${randomUUID().slice(0, 8)}`;
    const created = await app.request('POST', '/api/v1/staff', {
      token: admin.token,
      body: { username, name: '审计 测试', password: 'Secret123', roles: ['department'], departmentCode: 'cg-huanwei' },
    });
    const id = created.body.staff.id;
    await app.request('PATCH', `/api/v1/staff/${id}`, { token: admin.token, body: { password: 'Other4567', disabled: true } });
    await app.request('POST', `/api/v1/staff/${id}/unlock`, { token: admin.token });

    const { body } = await search({ targetType: 'staff', targetId: id });
    expect(body.entries.map((entry) => entry.action)).toEqual(['staff.unlock', 'staff.update', 'staff.create']);
    expect(body.entries.every((entry) => entry.staffId === admin.id && entry.username === admin.username)).toBe(true);
    expect(body.entries[2].details).toEqual({ username, name: '审计 测试', roles: ['department'], departmentCode: 'cg-huanwei', sipExtension: null });
    expect(body.entries[1].details).toEqual({ disabled: true, passwordChanged: true });
    expect(JSON.stringify(body)).not.toMatch(/Secret123|Other4567|argon2/);
  });

  it('searches by time range and pages with a total', async () => {
    const staff = await buildStaff(app, { roles: ['agent'] });
    const start = app.clock.now();
    for (let minute = 1; minute <= 4; minute++) {
      app.clock.advance(60_000);
      await login(staff.username, TEST_STAFF_PASSWORD);
    }
    const from = new Date(start.getTime() + 2 * 60_000).toISOString();
    const to = new Date(start.getTime() + 4 * 60_000).toISOString();
    const window = await search({ staffId: staff.id, action: 'login', from, to });
    expect(window.body.entries.map((entry) => entry.at)).toEqual([new Date(start.getTime() + 3 * 60_000).toISOString(), from]);

    const page = await search({ staffId: staff.id, action: 'login', pageSize: 2, page: 2 });
    expect(page.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page.body.entries).toHaveLength(2);
  });

  it('refuses a range that ends before it starts, and unknown parameters', async () => {
    const backwards = await search({ from: '2025-10-02T00:00:00Z', to: '2025-10-01T00:00:00Z' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields.map((f) => f.field)).toEqual(['to']);
    expect((await search({ sort: 'asc' })).status).toBe(400);
  });

  it('is for administrators only', async () => {
    const reviewer = await loginDemoStaff(app, 'reviewer');
    const forbidden = await search({}, reviewer.token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('auth.forbidden');
    const citizen = await buildCitizen(app);
    expect((await search({}, citizen.token)).status).toBe(403);
  });
});
