import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildStaff, loginDemoStaff, type TestStaff } from '../test-support/factories.js';
import { actOk, buildCase, readCase } from '../test-support/case-factories.js';
import { loadTaxonomy, parseTaxonomy } from './load-taxonomy.js';
import { findCategory, findDepartment } from './queries.js';

let app: TestApp;
let admin: TestStaff;
beforeAll(async () => {
  app = await startTestApp();
  admin = await buildStaff(app, { roles: ['admin'] });
});
afterAll(() => app.close());

interface PresentedCategory {
  code: string;
  name: string;
  kind: 'component' | 'event';
  majorCode: string;
  majorName: string;
  minorCode: string;
  standardCode: string;
  department: { code: string; name: string };
  timeLimit: { value: number; unit: string };
  stageLimits: { accept: number; register: number; dispatch: number };
  dedupRadiusM: number;
  dedupWindowH: number;
}

async function categories(query = ''): Promise<PresentedCategory[]> {
  const response = await app.request('GET', `/api/v1/categories${query}`);
  expect(response.status).toBe(200);
  return response.body.categories;
}

const REQUIRED_NAMES = [
  '上水井盖', '污水井盖', '雨水井盖', '电力井盖', '燃气井盖', '热力井盖', '通讯井盖', '无主井盖',
  '路灯', '电杆', '报刊亭', '道路护栏', '交通标志牌', '公交站亭', '桥梁', '垃圾箱', '公共厕所', '行道树', '绿地',
  '私搭乱建', '暴露垃圾', '积存垃圾渣土', '道路不洁', '水域不洁', '绿地脏乱',
  '非法小广告', '街头散发广告', '违章张贴悬挂广告牌匾', '占道广告牌', '广告招牌破损',
  '施工占道', '无证掘路', '工地扬尘', '施工废弃料', '道路塌陷', '井盖缺失',
  '无照经营游商', '店外经营（占道经营）', '乱堆物堆料', '机动车乱停放', '非机动车乱停放',
];

describe('GET /api/v1/categories', () => {
  it('lists the 部件 and 事件 of the standard, components first', async () => {
    const list = await categories();
    expect(list.length).toBeGreaterThanOrEqual(40);
    expect(list.map((category) => category.name)).toEqual(expect.arrayContaining(REQUIRED_NAMES));
    const kinds = list.map((category) => category.kind);
    expect(kinds.indexOf('event')).toBeGreaterThan(kinds.lastIndexOf('component'));
    expect(list.find((category) => category.code === 'E0102')).toEqual({
      code: 'E0102',
      name: '暴露垃圾',
      kind: 'event',
      majorCode: '01',
      majorName: '市容环境',
      minorCode: '02',
      standardCode: '0102',
      department: { code: 'street-longcheng', name: '龙城街道办事处' },
      timeLimit: { value: 4, unit: 'working_hours' },
      stageLimits: { accept: 1, register: 1, dispatch: 0.5 },
      dedupRadiusM: 50,
      dedupWindowH: 24,
    });
  });

  it('gives every category a well-formed code and sane handling rules', async () => {
    for (const category of await categories()) {
      expect(category.code).toMatch(/^[CE][0-9]{4}$/);
      expect(category.code[0]).toBe(category.kind === 'component' ? 'C' : 'E');
      expect(category.standardCode).toBe(category.majorCode + category.minorCode);
      expect(category.department.name).toBeTruthy();
      expect(category.dedupRadiusM).toBeGreaterThanOrEqual(20);
      expect(category.dedupRadiusM).toBeLessThanOrEqual(100);
      expect(['working_hours', 'working_days', 'natural_hours']).toContain(category.timeLimit.unit);
    }
  });

  it('puts the whole 井盖 family under 部件 01 公用设施', async () => {
    const covers = (await categories('?kind=component')).filter((category) => category.name.endsWith('井盖'));
    expect(covers.length).toBeGreaterThanOrEqual(8);
    for (const cover of covers) expect(cover).toMatchObject({ majorCode: '01', majorName: '公用设施' });
  });

  it('filters by kind', async () => {
    const components = await categories('?kind=component');
    const events = await categories('?kind=event');
    expect(components.length).toBeGreaterThan(0);
    expect(events.length).toBeGreaterThan(0);
    expect(components.every((category) => category.kind === 'component')).toBe(true);
    expect(events.every((category) => category.kind === 'event')).toBe(true);
    expect(components.length + events.length).toBe((await categories()).length);
  });

  it('refuses an unknown kind or parameter, naming the field', async () => {
    const badKind = await app.request('GET', '/api/v1/categories?kind=incident');
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.code).toBe('request.invalid');
    expect(badKind.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['kind']);
    const extra = await app.request('GET', '/api/v1/categories?page=2');
    expect(extra.status).toBe(400);
    expect(extra.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['page']);
  });
});

describe('GET /api/v1/departments', () => {
  it('lists the handling units without signing in; street offices name their street', async () => {
    const response = await app.request('GET', '/api/v1/departments');
    expect(response.status).toBe(200);
    const { departments } = response.body;
    expect(departments).toContainEqual({ code: 'cg-huanwei', name: '龙岗区城市管理和综合执法局环卫科', kind: 'department' });
    expect(departments).toContainEqual({ code: 'street-longcheng', name: '龙城街道办事处', kind: 'street_office', streetCode: '440307001' });
    expect(departments.map((department: { code: string }) => department.code)).toEqual(
      [...departments.map((department: { code: string }) => department.code)].sort(),
    );
  });

  it('refuses unknown parameters', async () => {
    expect((await app.request('GET', '/api/v1/departments?kind=x')).status).toBe(400);
  });
});

describe('loadTaxonomy', () => {
  async function snapshot() {
    const { rows } = await sql`
      select (select json_agg(d order by code) from departments d) as departments,
             (select json_agg(c order by code) from categories c) as categories`.execute(app.services.db);
    return rows[0];
  }

  it('is idempotent', async () => {
    const before = await snapshot();
    await loadTaxonomy(app.services.db);
    await loadTaxonomy(app.services.db);
    expect(await snapshot()).toEqual(before);
    expect(await findCategory(app.services.db, 'C0101')).toMatchObject({ name: '上水井盖', kind: 'component', majorCode: '01' });
    expect(await findCategory(app.services.db, 'C9999')).toBeUndefined();
  });
});

describe('parseTaxonomy', () => {
  const department = { code: 'cg-huanwei', name: '环卫科', kind: 'department' };
  const category = {
    code: 'E0102', kind: 'event', name: '暴露垃圾', majorCode: '01', majorName: '市容环境', departmentCode: 'cg-huanwei',
    timeLimit: { value: 4, unit: 'working_hours' }, dedupRadiusM: 50, dedupWindowH: 24,
  };

  it('accepts good data', () => {
    expect(parseTaxonomy({ departments: [department], categories: [category] }).categories).toHaveLength(1);
  });

  it('fails loudly, naming each entry that breaks the schema', () => {
    const parse = () => parseTaxonomy({
      departments: [department],
      categories: [
        category,
        { ...category, code: 'E0104', name: '道路不洁', dedupRadiusM: 250 },
        { ...category, code: 'C0105', name: '电力井盖' },
        { ...category, code: 'E0102', name: '重复' },
      ],
    });
    expect(parse).toThrow(/categories\.json\[1\] \(E0104 道路不洁\): dedupRadiusM must be less than or equal to 100/);
    expect(parse).toThrow(/categories\.json\[2\] \(C0105 电力井盖\): code must start with E for kind event/);
    expect(parse).toThrow(/categories\.json\[3\] \(E0102 重复\): contains a duplicate value/);
  });

  it('fails loudly on entries that disagree with each other', () => {
    const parse = () => parseTaxonomy({
      departments: [department],
      categories: [
        category,
        { ...category, code: 'E0106', name: '绿地脏乱', departmentCode: 'nobody' },
        { ...category, code: 'E0105', name: '水域不洁', majorName: '市容' },
      ],
    });
    expect(parse).toThrow(/categories\.json\[1\] \(E0106 绿地脏乱\): departmentCode nobody is not in departments\.json/);
    expect(parse).toThrow(/categories\.json\[2\] \(E0105 水域不洁\): majorName 市容 differs/);
  });

  it('refuses a file that is not a list', () => {
    expect(() => parseTaxonomy({ departments: {}, categories: [category] })).toThrow(/departments\.json: must be an array/);
  });
});

async function auditOf(targetType: string, targetId: string) {
  const response = await app.request('GET', `/api/v1/audit-log?targetType=${targetType}&targetId=${encodeURIComponent(targetId)}`, { token: admin.token });
  return response.body.entries as Array<{ action: string; username: string; details: Record<string, unknown> }>;
}

const fields = (response: { body: { error: { fields?: { field: string }[] } } }) => response.body.error.fields?.map((f) => f.field);

describe('PATCH /api/v1/categories/:code', () => {
  // 街头座椅 and 绿地: no other test reports them, so their edited settings disturb nobody.
  const EDITED = 'C0405';
  const patch = (code: string, body: unknown, token = admin.token) => app.request('PATCH', `/api/v1/categories/${code}`, { token, body });

  it('lets an administrator set limits, radius, window and unit; audited, and kept by the next loadTaxonomy', async () => {
    const before = (await categories()).find((category) => category.code === EDITED)!;
    const change = {
      timeLimit: { value: 3, unit: 'working_hours' },
      stageLimits: { accept: 2, register: 1.5, dispatch: 0.25 },
      dedupRadiusM: 80,
      dedupWindowH: 48,
      departmentCode: 'cg-shizheng',
    };
    const response = await patch(EDITED, change);
    expect(response.status).toBe(200);
    const { departmentCode, ...settings } = change;
    const expected = { ...before, ...settings, department: { code: departmentCode, name: '龙岗区市政管理所' } };
    expect(response.body.category).toEqual(expected);
    expect((await categories()).find((category) => category.code === EDITED)).toEqual(expected);

    const [entry] = await auditOf('category', EDITED);
    expect(entry).toMatchObject({ action: 'category.update', username: admin.username, details: { ...change, previous: { dedupRadiusM: before.dedupRadiusM } } });

    await loadTaxonomy(app.services.db);
    expect((await categories()).find((category) => category.code === EDITED)).toEqual(expected);
    expect(await findCategory(app.services.db, EDITED)).toMatchObject({ editedBy: admin.username, editedAt: app.clock.now() });
  });

  it('changes only what is sent', async () => {
    const response = await patch(EDITED, { stageLimits: { dispatch: 1 } });
    expect(response.status).toBe(200);
    expect(response.body.category.stageLimits).toEqual({ accept: 2, register: 1.5, dispatch: 1 });
    expect(response.body.category.dedupRadiusM).toBe(80);
  });

  it('is for administrators: a dispatcher, a department handler and a citizen change nothing', async () => {
    const before = await findCategory(app.services.db, EDITED);
    for (const username of ['dispatcher', 'supervisor', 'dept-cg-yuanlin']) {
      const response = await patch(EDITED, { dedupRadiusM: 30 }, (await loginDemoStaff(app, username)).token);
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('auth.forbidden');
    }
    expect((await patch(EDITED, { dedupRadiusM: 30 }, (await buildCitizen(app)).token)).status).toBe(403);
    expect((await app.request('PATCH', `/api/v1/categories/${EDITED}`, { body: { dedupRadiusM: 30 } })).status).toBe(401);
    expect(await findCategory(app.services.db, EDITED)).toEqual(before);
  });

  it('refuses bad values naming the field, and unknown categories or units, changing nothing', async () => {
    const before = await findCategory(app.services.db, EDITED);
    const bad: Array<[unknown, string[]]> = [
      [{ dedupRadiusM: 150 }, ['dedupRadiusM']],
      [{ dedupRadiusM: 10 }, ['dedupRadiusM']],
      [{ dedupWindowH: 0 }, ['dedupWindowH']],
      [{ timeLimit: { value: 4, unit: 'hours' } }, ['timeLimit.unit']],
      [{ timeLimit: { value: 4 } }, ['timeLimit.unit']],
      [{ stageLimits: { accept: 0 } }, ['stageLimits.accept']],
      [{ stageLimits: {} }, ['stageLimits']],
      [{ name: '座椅' }, ['name']],
      [{}, ['body']],
    ];
    for (const [body, expectedFields] of bad) {
      const response = await patch(EDITED, body);
      expect({ body, status: response.status, fields: fields(response) }).toEqual({ body, status: 400, fields: expectedFields });
    }
    const unknownUnit = await patch(EDITED, { departmentCode: 'cg-nobody', dedupRadiusM: 30 });
    expect(unknownUnit.status).toBe(422);
    expect(unknownUnit.body.error.code).toBe('category.unknown_department');
    expect(fields(unknownUnit)).toEqual(['departmentCode']);
    expect((await patch('C9999', { dedupRadiusM: 30 })).body.error.code).toBe('category.not_found');
    expect((await patch('X0101', { dedupRadiusM: 30 })).status).toBe(400);
    expect(await findCategory(app.services.db, EDITED)).toEqual(before);
  });
});

describe('loadTaxonomy and administrators’ edits', () => {
  it('still corrects a category nobody edited from the data file', async () => {
    const restored = 'C0404';
    const fromFile = await findCategory(app.services.db, restored);
    await app.services.db.updateTable('categories').set({ dedupWindowH: 1 }).where('code', '=', restored).execute();
    await loadTaxonomy(app.services.db);
    expect(await findCategory(app.services.db, restored)).toEqual(fromFile);
  });
});

describe('PATCH /api/v1/departments/:code', () => {
  // 规划土地监察局: no other test names it.
  const RENAMED = 'gt-jiancha';
  const patch = (code: string, body: unknown, token = admin.token) => app.request('PATCH', `/api/v1/departments/${code}`, { token, body });

  it('renames a unit for an administrator; audited, and kept by the next loadTaxonomy', async () => {
    const response = await patch(RENAMED, { name: '  龙岗区规划土地监察局（测试）  ' });
    expect(response.status).toBe(200);
    expect(response.body.department).toEqual({ code: RENAMED, name: '龙岗区规划土地监察局（测试）', kind: 'department' });
    await loadTaxonomy(app.services.db);
    const listed = (await app.request('GET', '/api/v1/departments')).body.departments;
    expect(listed).toContainEqual({ code: RENAMED, name: '龙岗区规划土地监察局（测试）', kind: 'department' });
    const [entry] = await auditOf('department', RENAMED);
    expect(entry).toMatchObject({ action: 'department.update', details: { name: '龙岗区规划土地监察局（测试）', previous: { name: '龙岗区规划土地监察局' } } });
  });

  it('refuses other roles, bad names and unknown units, changing nothing', async () => {
    const before = await findDepartment(app.services.db, RENAMED);
    expect((await patch(RENAMED, { name: '改名' }, (await loginDemoStaff(app, 'dispatcher')).token)).status).toBe(403);
    expect(fields(await patch(RENAMED, { name: '局' }))).toEqual(['name']);
    expect(fields(await patch(RENAMED, { name: '改名', kind: 'street_office' }))).toEqual(['kind']);
    expect((await patch('cg-nobody', { name: '无此单位' })).body.error.code).toBe('department.not_found');
    expect(await findDepartment(app.services.db, RENAMED)).toEqual(before);
  });
});

describe('dispatch rules', () => {
  // 露天烧烤 goes to the street office of the case's street unless the street says otherwise.
  const BARBECUE = 'E0506';
  const path = (streetCode: string, categoryCode = BARBECUE) => `/api/v1/dispatch-rules/${categoryCode}/${streetCode}`;
  let dispatcher: TestStaff;
  beforeAll(async () => {
    dispatcher = await loginDemoStaff(app, 'dispatcher');
  });

  async function registeredBarbecueCase() {
    const built = await buildCase(app, { categoryCode: BARBECUE });
    const reviewer = await loginDemoStaff(app, 'reviewer');
    await actOk(app, reviewer.token, built.caseId, 'accept');
    await actOk(app, reviewer.token, built.caseId, 'register');
    const lookup = await app.request('GET', `/api/v1/grids/lookup?lat=${built.spot.lat}&lng=${built.spot.lng}`);
    return { caseId: built.caseId, streetCode: lookup.body.street.code as string, streetName: lookup.body.street.name as string };
  }

  it('lets a dispatcher send a street’s cases of a category to another unit, and take the rule back', async () => {
    const { caseId, streetCode, streetName } = await registeredBarbecueCase();
    const defaultUnit = (await readCase(app, dispatcher.token, caseId)).suggestedDepartmentCode;
    expect(defaultUnit).toMatch(/^street-/);

    const set = await app.request('PUT', path(streetCode), { token: dispatcher.token, body: { departmentCode: 'hb-shengtai' } });
    expect(set.status).toBe(200);
    const rule = {
      category: { code: BARBECUE, name: '露天烧烤' },
      street: { code: streetCode, name: streetName },
      department: { code: 'hb-shengtai', name: '龙岗区生态环境局' },
    };
    expect(set.body).toEqual({ rule });
    expect((await app.request('GET', `/api/v1/dispatch-rules?categoryCode=${BARBECUE}`, { token: dispatcher.token })).body).toEqual({ rules: [rule] });
    expect((await readCase(app, dispatcher.token, caseId)).suggestedDepartmentCode).toBe('hb-shengtai');

    expect((await app.request('DELETE', path(streetCode), { token: dispatcher.token })).status).toBe(204);
    expect((await readCase(app, dispatcher.token, caseId)).suggestedDepartmentCode).toBe(defaultUnit);
    const again = await app.request('DELETE', path(streetCode), { token: dispatcher.token });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('dispatch_rule.not_found');

    const entries = await auditOf('dispatch_rule', `${BARBECUE}/${streetCode}`);
    expect(entries.map((entry) => [entry.action, entry.details])).toEqual([
      ['dispatch_rule.delete', { departmentCode: 'hb-shengtai' }],
      ['dispatch_rule.set', { departmentCode: 'hb-shengtai', previous: null }],
    ]);
  });

  it('refuses roles without the right and bad keys or units, writing nothing', async () => {
    const street = '440307003';
    for (const username of ['reviewer', 'verifier', 'dept-hb-shengtai']) {
      const { token } = await loginDemoStaff(app, username);
      expect((await app.request('GET', '/api/v1/dispatch-rules', { token })).status).toBe(403);
      expect((await app.request('PUT', path(street), { token, body: { departmentCode: 'hb-shengtai' } })).status).toBe(403);
    }
    const put = (target: string, body: unknown) => app.request('PUT', target, { token: admin.token, body });
    const unknownUnit = await put(path(street), { departmentCode: 'cg-nobody' });
    expect([unknownUnit.status, unknownUnit.body.error.code, fields(unknownUnit)]).toEqual([422, 'dispatch_rule.unknown_department', ['departmentCode']]);
    expect((await put(path(street, 'E9999'), { departmentCode: 'hb-shengtai' })).body.error.code).toBe('category.not_found');
    expect((await put(path('440307999'), { departmentCode: 'hb-shengtai' })).body.error.code).toBe('street.not_found');
    expect(fields(await put(path('4403070'), { departmentCode: 'hb-shengtai' }))).toEqual(['streetCode']);
    expect(fields(await put(path(street), {}))).toEqual(['departmentCode']);
    const listed = await app.request('GET', `/api/v1/dispatch-rules?streetCode=${street}`, { token: admin.token });
    expect(listed.body).toEqual({ rules: [] });
  });
});
