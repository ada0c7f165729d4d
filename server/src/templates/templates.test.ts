import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildStaff, loginDemoStaff, type TestStaff } from '../test-support/factories.js';
import { seedDemoTemplates } from './demo-templates.js';

interface Template {
  id: number;
  action: string;
  categoryCode: string | null;
  text: string;
  sortOrder: number;
}

let app: TestApp;
let admin: TestStaff;
let reviewer: TestStaff;
beforeAll(async () => {
  app = await startTestApp();
  admin = await buildStaff(app, { roles: ['admin'] });
  reviewer = await loginDemoStaff(app, 'reviewer');
});
afterAll(() => app.close());

async function list(query: string, token = reviewer.token): Promise<Template[]> {
  const response = await app.request('GET', `/api/v1/templates${query}`, { token });
  expect(response.status).toBe(200);
  return response.body.templates;
}

/** A template text no other test writes. */
const uniqueText = (prefix: string) => `${prefix} ${randomUUID().slice(0, 8)}`;

function create(body: Record<string, unknown>, token = admin.token) {
  return app.request('POST', '/api/v1/templates', { token, body });
}

async function createOk(body: Record<string, unknown>): Promise<Template> {
  const response = await create(body);
  expect(response.status).toBe(201);
  return response.body.template;
}

async function auditEntries(targetId: number) {
  const response = await app.request('GET', `/api/v1/audit-log?targetType=template&targetId=${targetId}`, { token: admin.token });
  return response.body.entries as Array<{ action: string; username: string; details: Record<string, unknown> }>;
}

async function countTemplates(): Promise<number> {
  const { n } = await app.services.db.selectFrom('responseTemplates').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

describe('GET /api/v1/templates', () => {
  it('offers every staff member the demo city’s 不予立案 reasons, then the phrases for any action, in order', async () => {
    const templates = await list('?action=reject');
    const texts = templates.map((template) => template.text);
    expect(texts).toEqual(expect.arrayContaining(['不属于城管受理范围', '重复举报，已有案件在处理', '信息不全，无法核实', '位置不在本区服务范围']));
    const firstAny = templates.findIndex((template) => template.action === 'any');
    expect(firstAny).toBeGreaterThan(0);
    expect(templates.slice(0, firstAny).every((template) => template.action === 'reject')).toBe(true);
    expect(templates.slice(firstAny).every((template) => template.action === 'any')).toBe(true);
    const rejectOrders = templates.slice(0, firstAny).filter((template) => template.categoryCode === null).map((template) => template.sortOrder);
    expect(rejectOrders).toEqual([...rejectOrders].sort((a, b) => a - b));
    expect(Object.keys(templates[0]).sort()).toEqual(['action', 'categoryCode', 'id', 'sortOrder', 'text']);
  });

  it('puts a category’s own phrases before the general ones and leaves out other categories’', async () => {
    const templates = await list('?action=handle&categoryCode=E0102');
    expect(templates[0]).toMatchObject({ action: 'handle', categoryCode: 'E0102', text: '暴露垃圾已清运完毕，现场已恢复整洁' });
    expect(templates.map((template) => template.text)).toContain('已清理完毕');
    expect(templates.some((template) => template.categoryCode === 'C0102')).toBe(false);
    expect(templates.every((template) => ['handle', 'any'].includes(template.action))).toBe(true);
  });

  it('lists department handlers the same phrases', async () => {
    const handler = await loginDemoStaff(app, 'dept-cg-huanwei');
    expect(await list('?action=return', handler.token)).toEqual(await list('?action=return'));
  });

  it('is for staff: a citizen is refused and a stranger must sign in', async () => {
    const citizen = await buildCitizen(app);
    expect((await app.request('GET', '/api/v1/templates', { token: citizen.token })).status).toBe(403);
    expect((await app.request('GET', '/api/v1/templates')).status).toBe(401);
  });

  it('refuses an unknown action or parameter, naming it', async () => {
    const response = await app.request('GET', '/api/v1/templates?action=approve&category=E0102', { token: reviewer.token });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['action', 'category']);
  });
});

describe('administering templates', () => {
  it('lets an administrator add, change and remove a template, each change audited', async () => {
    const text = uniqueText('现场已设置围挡');
    const created = await createOk({ action: 'handle', categoryCode: 'E0101', text, sortOrder: 5 });
    expect(created).toEqual({ id: expect.any(Number), action: 'handle', categoryCode: 'E0101', text, sortOrder: 5 });
    expect((await list('?action=handle&categoryCode=E0101'))[0]).toEqual(created);

    const changed = await app.request('PATCH', `/api/v1/templates/${created.id}`, {
      token: admin.token,
      body: { action: 'rework', categoryCode: null, text: `  ${text}，请拆除  ` },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.template).toEqual({ ...created, action: 'rework', categoryCode: null, text: `${text}，请拆除` });
    expect((await list('?action=rework')).map((template) => template.id)).toContain(created.id);
    expect((await list('?action=handle&categoryCode=E0101')).map((template) => template.id)).not.toContain(created.id);

    expect((await app.request('DELETE', `/api/v1/templates/${created.id}`, { token: admin.token })).status).toBe(204);
    expect((await list('?action=rework')).map((template) => template.id)).not.toContain(created.id);

    const entries = await auditEntries(created.id);
    expect(entries.map((entry) => entry.action)).toEqual(['template.delete', 'template.update', 'template.create']);
    expect(entries.every((entry) => entry.username === admin.username)).toBe(true);
    expect(entries[1].details).toMatchObject({ action: 'rework', categoryCode: null, previous: { action: 'handle', categoryCode: 'E0101', text } });
  });

  it('is for administrators only: other roles change nothing', async () => {
    const existing = await createOk({ action: 'urge', text: uniqueText('请今日内处置') });
    const before = await countTemplates();
    for (const username of ['reviewer', 'dispatcher', 'supervisor', 'dept-cg-huanwei']) {
      const { token } = await loginDemoStaff(app, username);
      const attempts = [
        await create({ action: 'reject', text: uniqueText('越权新增') }, token),
        await app.request('PATCH', `/api/v1/templates/${existing.id}`, { token, body: { text: '越权修改' } }),
        await app.request('DELETE', `/api/v1/templates/${existing.id}`, { token }),
      ];
      for (const attempt of attempts) {
        expect(attempt.status).toBe(403);
        expect(attempt.body.error.code).toBe('auth.forbidden');
      }
    }
    expect(await countTemplates()).toBe(before);
    expect((await list('?action=urge')).find((template) => template.id === existing.id)).toEqual(existing);
  });

  it('refuses bad input with the field at fault and writes nothing', async () => {
    const existing = await createOk({ action: 'void', text: uniqueText('重复立案') });
    const before = await countTemplates();
    const cases: Array<{ body: Record<string, unknown>; status: number; code: string; field?: string }> = [
      { body: { action: 'reject', text: '长'.repeat(201) }, status: 400, code: 'request.invalid', field: 'text' },
      { body: { action: 'reject', text: ' ' }, status: 400, code: 'request.invalid', field: 'text' },
      { body: { action: 'approve', text: '未知动作' }, status: 400, code: 'request.invalid', field: 'action' },
      { body: { text: '没有动作' }, status: 400, code: 'request.invalid', field: 'action' },
      { body: { action: 'reject', text: '类别格式', categoryCode: '0102' }, status: 400, code: 'request.invalid', field: 'categoryCode' },
      { body: { action: 'reject', text: '多余字段', createdBy: 1 }, status: 400, code: 'request.invalid', field: 'createdBy' },
      { body: { action: 'reject', text: '不存在的类别', categoryCode: 'E9999' }, status: 422, code: 'template.unknown_category', field: 'categoryCode' },
      { body: { action: 'void', text: existing.text }, status: 409, code: 'template.duplicate' },
    ];
    for (const { body, status, code, field } of cases) {
      const response = await create(body);
      expect({ body, status: response.status, code: response.body.error.code }).toEqual({ body, status, code });
      if (field) expect(response.body.error.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    }
    expect(await countTemplates()).toBe(before);
  });

  it('refuses a bad change, a clash with another template and unknown ids, leaving the template as it was', async () => {
    const first = await createOk({ action: 'hang', text: uniqueText('等待雨季结束') });
    const second = await createOk({ action: 'hang', text: uniqueText('等待管线迁改') });
    const patch = (id: number | string, body: unknown) => app.request('PATCH', `/api/v1/templates/${id}`, { token: admin.token, body });
    expect((await patch(second.id, {})).status).toBe(400);
    expect((await patch(second.id, { sortOrder: 1.5 })).body.error.fields[0].field).toBe('sortOrder');
    expect((await patch(second.id, { categoryCode: 'C9999' })).status).toBe(422);
    const clash = await patch(second.id, { text: first.text });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('template.duplicate');
    expect((await patch(999_999_999, { text: '无此模板' })).status).toBe(404);
    expect((await patch('abc', { text: '编号错误' })).status).toBe(400);
    expect((await app.request('DELETE', '/api/v1/templates/999999999', { token: admin.token })).body.error.code).toBe('template.not_found');
    expect((await list('?action=hang')).find((template) => template.id === second.id)).toEqual(second);
  });
});

describe('seedDemoTemplates', () => {
  it('does not bring back a demo template an administrator deleted', async () => {
    const [seeded] = await list('?action=accept');
    expect(seeded).toMatchObject({ text: '信息完整，予以受理' });
    expect((await app.request('DELETE', `/api/v1/templates/${seeded.id}`, { token: admin.token })).status).toBe(204);
    const before = await countTemplates();
    await seedDemoTemplates(app.services.db, app.clock.now());
    expect(await countTemplates()).toBe(before);
    expect((await list('?action=accept')).map((template) => template.text)).not.toContain('信息完整，予以受理');
  });
});
