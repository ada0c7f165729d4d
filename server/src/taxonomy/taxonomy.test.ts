import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { loadTaxonomy, parseTaxonomy } from './load-taxonomy.js';
import { findCategory } from './queries.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
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
