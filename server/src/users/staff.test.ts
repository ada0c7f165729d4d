import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildStaff, loginDemoStaff, nextSipExtension, TEST_STAFF_PASSWORD, type TestStaff } from '../test-support/factories.js';
import { seedDemoStaff } from './demo-staff.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const MINUTE = 60_000;

function login(username: string, password: string) {
  return app.request('POST', '/api/v1/auth/staff', { body: { username, password } });
}

function me(token: string) {
  return app.request('GET', '/api/v1/auth/me', { token });
}

/** How the API words an instant for people: Beijing time with its offset. */
function beijing(instant: Date): string {
  return `${new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

describe('staff login', () => {
  it('logs a department handler in with its roles and unit, and /me answers the same', async () => {
    const response = await login('dept-cg-huanwei', 'Demo@12319');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      token: expect.any(String),
      expiresIn: 10 * 3600,
      staff: {
        id: expect.any(Number),
        username: 'dept-cg-huanwei',
        name: '龙岗区城市管理和综合执法局环卫科 处置员',
        roles: ['department'],
        sipExtension: null,
        department: { code: 'cg-huanwei', name: '龙岗区城市管理和综合执法局环卫科' },
      },
    });
    const self = await me(response.body.token);
    expect(self.status).toBe(200);
    expect(self.body).toEqual({ staff: response.body.staff });
  });

  it('seeds a demo account per centre role, without a department; the agent takes calls on extension 1000', async () => {
    for (const role of ['reviewer', 'dispatcher', 'verifier', 'supervisor', 'agent', 'finance', 'admin']) {
      const { token } = await loginDemoStaff(app, role);
      const { body } = await me(token);
      const sipExtension = role === 'agent' ? '1000' : null;
      expect(body.staff).toEqual({ id: expect.any(Number), username: role, name: expect.stringMatching(/\p{Script=Han}/u), roles: [role], sipExtension });
    }
  });

  it('seeds a handler per department, idempotently and in well under a second', async () => {
    const { db } = app.services;
    const demoAccounts = () => db.selectFrom('staff').select(['id', 'username', 'passwordHash']).where('username', 'like', 'dept-%').orderBy('id').execute();
    const before = await demoAccounts();
    const departments = await db.selectFrom('departments').select('code').execute();
    expect(before.map((account) => account.username).sort()).toEqual(departments.map((department) => `dept-${department.code}`).sort());
    const started = performance.now();
    await seedDemoStaff(db, app.clock.now());
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await demoAccounts()).toEqual(before);
  });

  it('stores an argon2id hash and takes the username in any case', async () => {
    const staff = await buildStaff(app, { roles: ['reviewer'] });
    const row = await app.services.db.selectFrom('staff').select('passwordHash').where('id', '=', staff.id).executeTakeFirstOrThrow();
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await login(staff.username.toUpperCase(), TEST_STAFF_PASSWORD)).status).toBe(200);
  });

  it('answers a wrong password and an unknown username alike', async () => {
    const staff = await buildStaff(app, { roles: ['reviewer'] });
    const wrong = await login(staff.username, 'not-the-password1');
    const unknown = await login(`nobody-${randomUUID().slice(0, 8)}`, 'not-the-password1');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('auth.invalid_credentials');
  });

  it('locks the account after 5 failures in a row, even against the right password, for 15 minutes', async () => {
    const staff = await buildStaff(app, { roles: ['dispatcher'] });
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await login(staff.username, 'wrong-password1')).status).toBe(401);
    }
    const unlockAt = new Date(app.clock.now().getTime() + 15 * MINUTE);
    const fifth = await login(staff.username, 'wrong-password1');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('auth.account_locked');
    expect(fifth.body.error.message).toContain(beijing(unlockAt));

    const right = await login(staff.username, TEST_STAFF_PASSWORD);
    expect(right.status).toBe(423);
    expect(right.body.error.message).toContain(beijing(unlockAt));

    app.clock.advance(14 * MINUTE);
    expect((await login(staff.username, TEST_STAFF_PASSWORD)).status).toBe(423);
    app.clock.advance(1 * MINUTE);
    expect((await login(staff.username, TEST_STAFF_PASSWORD)).status).toBe(200);
  });

  it('counts failures only in a row: a success starts the count again', async () => {
    const staff = await buildStaff(app, { roles: ['reviewer'] });
    for (let attempt = 1; attempt <= 4; attempt++) await login(staff.username, 'wrong-password1');
    expect((await login(staff.username, TEST_STAFF_PASSWORD)).status).toBe(200);
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await login(staff.username, 'wrong-password1')).status).toBe(401);
    }
    expect((await login(staff.username, TEST_STAFF_PASSWORD)).status).toBe(200);
  });

  it('refuses an expired token with auth.token_expired', async () => {
    const staff = await buildStaff(app, { roles: ['reviewer'] });
    app.clock.advance(10 * 3600_000 + 1000);
    try {
      const response = await me(staff.token);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('auth.token_expired');
    } finally {
      app.clock.advance(-(10 * 3600_000 + 1000));
    }
  });

  it('ends only the session logged out of', async () => {
    const staff = await buildStaff(app, { roles: ['verifier'] });
    const other = await login(staff.username, TEST_STAFF_PASSWORD);
    const logout = await app.request('POST', '/api/v1/auth/logout', { token: staff.token });
    expect(logout.status).toBe(204);
    const after = await me(staff.token);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('auth.session_ended');
    expect((await me(other.body.token)).status).toBe(200);
  });

  it('keeps citizens and anonymous callers out of staff endpoints', async () => {
    const citizen = await buildCitizen(app);
    for (const [method, path] of [['GET', '/api/v1/auth/me'], ['POST', '/api/v1/auth/logout'], ['GET', '/api/v1/staff'], ['GET', '/api/v1/audit-log']]) {
      const asCitizen = await app.request(method, path, { token: citizen.token });
      expect(asCitizen.status).toBe(403);
      expect(asCitizen.body.error.code).toBe('auth.staff_only');
      expect((await app.request(method, path)).status).toBe(401);
    }
  });

  it('answers 400 naming the field for a missing password or extra fields', async () => {
    const missing = await app.request('POST', '/api/v1/auth/staff', { body: { username: 'reviewer' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['password']);
    const extra = await app.request('POST', '/api/v1/auth/staff', { body: { username: 'reviewer', password: 'x', role: 'admin' } });
    expect(extra.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['role']);
  });
});

describe('staff administration', () => {
  let admin: TestStaff;
  beforeAll(async () => {
    admin = await buildStaff(app, { roles: ['admin'] });
  });

  const createStaff = (body: object) => app.request('POST', '/api/v1/staff', { token: admin.token, body });
  const patchStaff = (id: number, body: object) => app.request('PATCH', `/api/v1/staff/${id}`, { token: admin.token, body });
  const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

  it('creates an account that can log in at once', async () => {
    const username = uniqueName('zhoujie');
    const created = await createStaff({ username, name: '派遣员 周杰', password: 'Secret123', roles: ['dispatcher'] });
    expect(created.status).toBe(201);
    expect(created.body.staff).toEqual({
      id: expect.any(Number),
      username,
      name: '派遣员 周杰',
      roles: ['dispatcher'],
      sipExtension: null,
      disabled: false,
      lockedUntil: null,
      failedLogins: 0,
      createdAt: app.clock.now().toISOString(),
    });
    expect((await login(username, 'Secret123')).body.staff.id).toBe(created.body.staff.id);
  });

  it('puts a department handler in its unit', async () => {
    const created = await createStaff({
      username: uniqueName('ps'),
      name: '排水 处置员',
      password: 'Secret123',
      roles: ['department'],
      departmentCode: 'sw-paishui',
    });
    expect(created.status).toBe(201);
    expect(created.body.staff.department).toEqual({ code: 'sw-paishui', name: '龙岗区水务局排水管理所' });
  });

  it('refuses bad accounts naming the problem', async () => {
    const good = { username: uniqueName('bad'), name: '测试', password: 'Secret123', roles: ['reviewer'] };
    const cases: Array<[object, number, string, string]> = [
      [{ roles: ['janitor'] }, 400, 'request.invalid', 'roles.0'],
      [{ roles: ['department'] }, 422, 'staff.department_required', 'departmentCode'],
      [{ departmentCode: 'cg-ludeng' }, 422, 'staff.department_not_allowed', 'departmentCode'],
      [{ roles: ['department'], departmentCode: 'no-such-unit' }, 422, 'staff.unknown_department', 'departmentCode'],
      [{ password: 'abcdefgh' }, 400, 'request.invalid', 'password'],
      [{ password: 'Ab1' }, 400, 'request.invalid', 'password'],
      [{ username: 'Bad Name!' }, 400, 'request.invalid', 'username'],
    ];
    for (const [change, status, code, field] of cases) {
      const response = await createStaff({ ...good, ...change });
      expect({ change, status: response.status, code: response.body.error.code }).toEqual({ change, status, code });
      expect(response.body.error.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    }
    const weak = await createStaff({ ...good, password: 'onlyletters' });
    expect(JSON.stringify(weak.body)).not.toContain('onlyletters');
  });

  it('gives an agent a SIP extension, changes it, takes it away, and audits each change', async () => {
    const extension = await nextSipExtension(app);
    const created = await createStaff({ username: uniqueName('hw'), name: '话务员 周红', password: 'Secret123', roles: ['agent'], sipExtension: ` ${extension} ` });
    expect(created.status).toBe(201);
    expect(created.body.staff.sipExtension).toBe(extension);
    const { id } = created.body.staff;
    const queued = `${await nextSipExtension(app)}@default`;
    expect((await patchStaff(id, { sipExtension: queued })).body.staff.sipExtension).toBe(queued);
    expect((await patchStaff(id, { name: '话务员 周红红' })).body.staff.sipExtension).toBe(queued);
    expect((await patchStaff(id, { sipExtension: null })).body.staff.sipExtension).toBeNull();
    const audit = await app.services.db.selectFrom('staffAuditLog').select('details').where('targetType', '=', 'staff').where('targetId', '=', String(id)).orderBy('id').execute();
    expect(audit.map((entry) => entry.details.sipExtension)).toEqual([extension, queued, undefined, null]);
  });

  it('refuses a malformed SIP extension with 400 naming the field', async () => {
    const good = { username: uniqueName('ext'), name: '测试', password: 'Secret123', roles: ['agent'] };
    for (const sipExtension of ['10 00', 'user/1000', '1000@', '@default', 'agent', '1'.repeat(33), '']) {
      const response = await createStaff({ ...good, sipExtension });
      expect({ sipExtension, status: response.status }).toEqual({ sipExtension, status: 400 });
      expect(response.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['sipExtension']);
    }
    const staff = await buildStaff(app, { roles: ['agent'] });
    expect((await patchStaff(staff.id, { sipExtension: 'sip:1000' })).status).toBe(400);
  });

  it('keeps an extension to one account, also under another queue: 409 staff.sip_extension_taken, nothing written', async () => {
    const extension = await nextSipExtension(app);
    const holder = await buildStaff(app, { roles: ['agent'], sipExtension: extension });
    const username = uniqueName('dup');
    const duplicate = await createStaff({ username, name: '重复分机', password: 'Secret123', roles: ['agent'], sipExtension: `${extension}@default` });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({ code: 'staff.sip_extension_taken', fields: [{ field: 'sipExtension', message: expect.stringContaining(extension) }] });
    expect(await app.services.db.selectFrom('staff').select('id').where('username', '=', username).executeTakeFirst()).toBeUndefined();

    const other = await buildStaff(app, { roles: ['agent'] });
    const taken = await patchStaff(other.id, { name: '改名', sipExtension: extension });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('staff.sip_extension_taken');
    const unchanged = await app.services.db.selectFrom('staff').select(['name', 'sipExtension']).where('id', '=', other.id).executeTakeFirstOrThrow();
    expect(unchanged).toEqual({ name: '测试 agent', sipExtension: null });
    // The holder may save their own extension again.
    expect((await patchStaff(holder.id, { sipExtension: extension })).status).toBe(200);
  });

  it('refuses a username that is taken with 409 staff.username_taken', async () => {
    const duplicate = await createStaff({ username: 'reviewer', name: '重复', password: 'Secret123', roles: ['reviewer'] });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('staff.username_taken');
  });

  it('lists accounts by username prefix, role and department, a page at a time', async () => {
    const prefix = uniqueName('ls');
    for (const [suffix, roles, departmentCode] of [['a', ['dispatcher']], ['b', ['dispatcher', 'supervisor']], ['c', ['department'], 'cg-ludeng']] as const) {
      const response = await createStaff({ username: `${prefix}-${suffix}`, name: `列表 ${suffix}`, password: 'Secret123', roles, departmentCode });
      expect(response.status).toBe(201);
    }
    const list = (query: string) => app.request('GET', `/api/v1/staff?username=${prefix}${query}`, { token: admin.token });
    const all = await list('');
    expect(all.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    expect(all.body.staff.map((staff: { username: string }) => staff.username)).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
    expect((await list('&role=dispatcher')).body.total).toBe(2);
    expect((await list('&role=supervisor')).body.staff.map((staff: { username: string }) => staff.username)).toEqual([`${prefix}-b`]);
    expect((await list('&department=cg-ludeng')).body.staff[0].department.code).toBe('cg-ludeng');
    const second = await list('&pageSize=2&page=2');
    expect(second.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(second.body.staff.map((staff: { username: string }) => staff.username)).toEqual([`${prefix}-c`]);
    expect((await list('&role=janitor')).status).toBe(400);
  });

  it('changes name, roles and unit; the account sees the change on its next request', async () => {
    const staff = await buildStaff(app, { roles: ['reviewer'] });
    const moved = await patchStaff(staff.id, { name: '园林 处置员', roles: ['department'], departmentCode: 'cg-yuanlin' });
    expect(moved.status).toBe(200);
    expect(moved.body.staff).toMatchObject({ name: '园林 处置员', roles: ['department'], department: { code: 'cg-yuanlin' } });
    expect((await me(staff.token)).body.staff.roles).toEqual(['department']);

    const keepsUnit = await patchStaff(staff.id, { roles: ['reviewer'] });
    expect(keepsUnit.status).toBe(422);
    expect(keepsUnit.body.error.code).toBe('staff.department_not_allowed');
    const back = await patchStaff(staff.id, { roles: ['reviewer'], departmentCode: null });
    expect(back.status).toBe(200);
    expect(back.body.staff.department).toBeUndefined();
  });

  it('a new password ends the sessions and replaces the old one', async () => {
    const staff = await buildStaff(app, { roles: ['verifier'] });
    expect((await patchStaff(staff.id, { password: 'Changed2025' })).status).toBe(200);
    expect((await me(staff.token)).body.error.code).toBe('auth.session_ended');
    expect((await login(staff.username, TEST_STAFF_PASSWORD)).status).toBe(401);
    expect((await login(staff.username, 'Changed2025')).status).toBe(200);
  });

  it('disabling ends the sessions and refuses logins with the usual 401 until enabled again', async () => {
    const staff = await buildStaff(app, { roles: ['dispatcher'] });
    const disabled = await patchStaff(staff.id, { disabled: true });
    expect(disabled.body.staff.disabled).toBe(true);
    expect((await me(staff.token)).status).toBe(401);
    const refused = await login(staff.username, TEST_STAFF_PASSWORD);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('auth.invalid_credentials');
    const ended = await app.services.db.selectFrom('staffSessions').select('endedAt').where('staffId', '=', staff.id).execute();
    expect(ended.every((session) => session.endedAt !== null)).toBe(true);

    expect((await patchStaff(staff.id, { disabled: false })).body.staff.disabled).toBe(false);
    expect((await login(staff.username, TEST_STAFF_PASSWORD)).status).toBe(200);
  });

  it('unlocks a locked account before its time', async () => {
    const staff = await buildStaff(app, { roles: ['reviewer'] });
    for (let attempt = 1; attempt <= 5; attempt++) await login(staff.username, 'wrong-password1');
    expect((await login(staff.username, TEST_STAFF_PASSWORD)).status).toBe(423);
    const unlocked = await app.request('POST', `/api/v1/staff/${staff.id}/unlock`, { token: admin.token });
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.staff).toMatchObject({ lockedUntil: null, failedLogins: 0 });
    expect((await login(staff.username, TEST_STAFF_PASSWORD)).status).toBe(200);
  });

  it('answers 404 for an unknown account and 400 for an empty change', async () => {
    const unknown = await patchStaff(99_999_999, { name: '无人' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('staff.not_found');
    expect((await app.request('POST', '/api/v1/staff/99999999/unlock', { token: admin.token })).status).toBe(404);
    const empty = await patchStaff(admin.id, {});
    expect(empty.status).toBe(400);
  });

  it('keeps an administrator from disabling themselves or dropping their own admin role', async () => {
    for (const change of [{ disabled: true }, { roles: ['reviewer'] }]) {
      const response = await patchStaff(admin.id, change);
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe('staff.self_lockout');
    }
    expect((await me(admin.token)).status).toBe(200);
  });

  it('refuses every other role with 403 auth.forbidden', async () => {
    const target = await buildStaff(app, { roles: ['agent'] });
    const others = [
      await loginDemoStaff(app, 'reviewer'),
      await loginDemoStaff(app, 'supervisor'),
      await loginDemoStaff(app, 'dept-cg-shizheng'),
      await buildStaff(app, { roles: ['dispatcher', 'verifier'] }),
    ];
    for (const other of others) {
      const attempts = [
        app.request('GET', '/api/v1/staff', { token: other.token }),
        app.request('POST', '/api/v1/staff', { token: other.token, body: { username: uniqueName('x'), name: 'x', password: 'Secret123', roles: ['admin'] } }),
        app.request('PATCH', `/api/v1/staff/${target.id}`, { token: other.token, body: { roles: ['admin'] } }),
        app.request('POST', `/api/v1/staff/${target.id}/unlock`, { token: other.token }),
      ];
      for (const response of await Promise.all(attempts)) {
        expect(response.status).toBe(403);
        expect(response.body.error.code).toBe('auth.forbidden');
      }
    }
  });
});
