import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildStaff, loginDemoStaff, type TestCitizen } from '../test-support/factories.js';
import { actOk } from '../test-support/case-factories.js';
import { buildRegisteredCase, caseEvents } from '../test-support/reward-factories.js';
import { createIsolatedDatabase, type IsolatedDatabase } from '../test-support/isolated-database.js';
import { eventJobs } from '../queue/outbox.js';
import { RewardProcessor } from '../rewards/reward-processor.js';
import { ContractorDeductionProcessor } from './deduction-processor.js';
import { DEMO_CONTRACTORS } from './demo-contractors.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// A database of its own: the demo rules (2 元 a case) stay the only rules, and the demo contractors as seeded.
let database: IsolatedDatabase;
let app: TestApp;
/**
 * Points in the demo city's first row of communities of 龙城街道 (each 7 × 11 grids of about
 * 92 m × 101 m from 114.22 E, 22.74 N), each test in a community of its own; two points of one
 * community lie farther apart than any dedup radius.
 */
const IN_HUILONGPU = [{ lat: 22.738, lng: 114.221 }, { lat: 22.733, lng: 114.2255 }];
const IN_SHANGJING = { lat: 22.738, lng: 114.2285 };
const IN_ZIWEI = [{ lat: 22.738, lng: 114.2335 }, { lat: 22.733, lng: 114.238 }];
const IN_YUYUAN = { lat: 22.738, lng: 114.2395 };
beforeAll(async () => {
  database = await createIsolatedDatabase('contractors');
  app = await startTestApp({ DATABASE_URL: database.url });
  app.clock.set('2025-05-01T09:00:00+08:00');
}, 60_000);
afterAll(async () => {
  await app.close();
  await database.drop();
});

/** Signed in afresh: the tests move the clock by months, past any earlier token's expiry. */
const asAdmin = async () => (await loginDemoStaff(app, 'admin')).token;
const asFinance = async () => (await buildStaff(app, { roles: ['finance'] })).token;

/** The events job of a topic with the worker's processors, in the worker's order. */
async function deliver(caseId: number, topic: string) {
  const [job] = eventJobs([topic], [new RewardProcessor(app.services.db, app.clock), new ContractorDeductionProcessor(app.services.db, app.clock)]);
  for (const event of await caseEvents(app, caseId, topic)) await job.handle(event);
}

/** A case registered at the spot, its 立案 delivered twice (a redelivery). */
async function registeredAt(spot: { lat: number; lng: number }, categoryCode: string, citizen?: TestCitizen) {
  const built = await buildRegisteredCase(app, { spot, categoryCode, citizen });
  await deliver(built.caseId, 'case.registered');
  await deliver(built.caseId, 'case.registered');
  return built;
}

async function gridOf(spot: { lat: number; lng: number }): Promise<string> {
  const response = await app.request('GET', `/api/v1/grids/lookup?lat=${spot.lat}&lng=${spot.lng}`);
  return response.body.gridCode;
}

async function newContractor(name: string, area: Record<string, unknown>) {
  const token = await asAdmin();
  const created = await app.request('POST', '/api/v1/contractors', { token, body: { name, kind: 'cleaning' } });
  expect(created.status).toBe(201);
  const id = created.body.contractor.id;
  const added = await app.request('POST', `/api/v1/contractors/${id}/areas`, { token, body: { validFrom: app.clock.now().toISOString(), ...area } });
  expect(added.status).toBe(201);
  return added.body.contractor;
}

const deductionsOf = async (contractorId: number, month: string) =>
  (await app.request('GET', `/api/v1/contractors/${contractorId}/deductions?month=${month}`, { token: await asFinance() })).body.deductions as any[];

describe('contractors', () => {
  it('lists the demo contractors with their contracted areas to finance', async () => {
    const response = await app.request('GET', '/api/v1/contractors', { token: await asFinance() });
    expect(response.status).toBe(200);
    expect(response.body.contractors.map((contractor: any) => contractor.name)).toEqual(DEMO_CONTRACTORS.map((contractor) => contractor.name));
    expect(response.body.contractors[0].areas).toEqual(
      expect.arrayContaining([expect.objectContaining({ areaLevel: 'street', areaCode: '440307001', areaName: '龙城街道', categoryCode: 'E0102', categoryName: expect.any(String), validUntil: null })]),
    );
    const reviewer = await loginDemoStaff(app, 'reviewer');
    expect((await app.request('GET', '/api/v1/contractors', { token: reviewer.token })).status).toBe(403);
  });

  it('refuses contracts for unknown places and categories, in the past, or by anyone but administrators', async () => {
    const [admin, finance] = [{ token: await asAdmin() }, { token: await asFinance() }];
    const created = await app.request('POST', '/api/v1/contractors', { token: admin.token, body: { name: '测试保洁公司甲', kind: 'cleaning' } });
    const url = `/api/v1/contractors/${created.body.contractor.id}/areas`;
    const validFrom = app.clock.now().toISOString();
    const refused = async (token: string, body: Record<string, unknown>) => {
      const response = await app.request('POST', url, { token, body });
      return [response.status, response.body.error?.code];
    };
    expect(await refused(admin.token, { areaLevel: 'grid', areaCode: '44030799999999', validFrom })).toEqual([422, 'contractor.unknown_place']);
    expect(await refused(admin.token, { areaLevel: 'street', areaCode: '440307001', categoryCode: 'E9999', validFrom })).toEqual([422, 'contractor.unknown_category']);
    expect(await refused(admin.token, { areaLevel: 'street', areaCode: '440307001', validFrom: '2025-01-01T00:00:00+08:00' })).toEqual([422, 'contractor.area_in_the_past']);
    expect(await refused(admin.token, { areaLevel: 'district', areaCode: '440307', validFrom })).toEqual([400, 'request.invalid']);
    expect(await refused(finance.token, { areaLevel: 'street', areaCode: '440307001', validFrom })).toEqual([403, 'auth.forbidden']);
    const twice = await app.request('POST', '/api/v1/contractors', { token: admin.token, body: { name: '测试保洁公司甲', kind: 'collection' } });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'contractor.name_taken']);
    expect((await app.request('GET', '/api/v1/contractors/deductions?month=2025-5', { token: finance.token })).status).toBe(400);
  });
});

describe('deductions', () => {
  it('deducts the reward once per case from each contractor covering it, and reverses it with the reward', async () => {
    const contractor = await newContractor('测试保洁公司乙', { areaLevel: 'community', areaCode: '440307001001', categoryCode: 'E0102' });
    app.clock.set('2025-05-10T10:00:00+08:00');

    const garbage = await registeredAt(IN_HUILONGPU[0], 'E0102');
    await registeredAt(IN_SHANGJING, 'E0102');
    await registeredAt(IN_HUILONGPU[0], 'E0104');
    const excluded = await buildCitizen(app);
    await app.request('PUT', `/api/v1/reward-exclusions/${excluded.id}`, { token: await asAdmin(), body: { kind: 'collector', reason: '专职信息采集员' } });
    await registeredAt(IN_HUILONGPU[1], 'E0102', excluded);

    expect(await deductionsOf(contractor.id, '2025-05')).toEqual([
      expect.objectContaining({ caseId: garbage.caseId, kind: 'deduction', amountFen: 200, categoryCode: 'E0102', areaLevel: 'community', occurredAt: '2025-05-10T02:00:00.000Z' }),
    ]);

    app.clock.set('2025-06-03T10:00:00+08:00');
    await actOk(app, (await loginDemoStaff(app, 'dispatcher')).token, garbage.caseId, 'void', { reason: '重复举报' });
    await deliver(garbage.caseId, 'case.voided');
    await deliver(garbage.caseId, 'case.voided');
    expect(await deductionsOf(contractor.id, '2025-05')).toHaveLength(1);
    expect(await deductionsOf(contractor.id, '2025-06')).toEqual([expect.objectContaining({ caseId: garbage.caseId, kind: 'reversal', amountFen: -200 })]);

    const totals = await app.request('GET', '/api/v1/contractors/deductions?month=2025-05', { token: await asFinance() });
    expect(totals.body.totals.find((total: any) => total.contractorId === contractor.id)).toEqual({
      contractorId: contractor.id,
      name: '测试保洁公司乙',
      kind: 'cleaning',
      cases: 1,
      deductedFen: 200,
      reversedFen: 0,
      netFen: 200,
    });
  });

  it('follows the contract in force at 立案: an ended area costs nothing afterwards', async () => {
    app.clock.set('2025-07-01T09:00:00+08:00');
    const contractor = await newContractor('测试信息采集公司丙', { areaLevel: 'community', areaCode: '440307001003' });
    app.clock.set('2025-07-02T10:00:00+08:00');
    const before = await registeredAt(IN_ZIWEI[0], 'E0103');
    const [area] = contractor.areas;
    const admin = await asAdmin();
    const ended = await app.request('POST', `/api/v1/contractors/${contractor.id}/areas/${area.id}/end`, { token: admin });
    expect(ended.body.contractor.areas[0].validUntil).toBe(app.clock.now().toISOString());
    expect((await app.request('POST', `/api/v1/contractors/${contractor.id}/areas/${area.id}/end`, { token: admin })).status).toBe(409);
    app.clock.set('2025-07-03T10:00:00+08:00');
    await registeredAt(IN_ZIWEI[1], 'E0104');
    expect((await deductionsOf(contractor.id, '2025-07')).map((deduction) => deduction.caseId)).toEqual([before.caseId]);
    const audit = await app.services.db.selectFrom('staffAuditLog').select('action').where('targetType', '=', 'contractor').where('targetId', '=', String(contractor.id)).orderBy('id').execute();
    expect(audit.map((row) => row.action)).toEqual(['contractor.created', 'contractor.area_added', 'contractor.area_ended']);
  });

  it('exports the monthly statement per contractor as .xlsx, audited', async () => {
    app.clock.set('2025-08-01T09:00:00+08:00');
    const contractor = await newContractor('测试保洁公司丁', { areaLevel: 'grid', areaCode: await gridOf(IN_YUYUAN) });
    app.clock.set('2025-08-05T10:00:00+08:00');
    const first = await registeredAt(IN_YUYUAN, 'E0102');
    const second = await registeredAt(IN_YUYUAN, 'E0101');
    app.clock.set('2025-09-01T09:00:00+08:00');
    const finance = await buildStaff(app, { roles: ['finance'] });

    const statementUrl = (contractorId: number) => `${app.url}/api/v1/contractors/${contractorId}/deductions.xlsx?month=2025-08`;
    const exported = await fetch(statementUrl(contractor.id), { headers: { authorization: `Bearer ${finance.token}` } });
    expect([exported.status, exported.headers.get('content-type')]).toEqual([200, XLSX]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await exported.arrayBuffer());
    const rows = workbook.worksheets[0].getSheetValues().slice(2) as unknown[][];
    // 2 元, and 2 元 + 100 元 for the first report of 私搭乱建 (the demo rules).
    expect(rows.slice(0, 2).map((row) => [row[2], row[4], row[9]])).toEqual([
      [first.caseId, '扣减', 2],
      [second.caseId, '扣减', 102],
    ]);
    expect(rows[2][1]).toBe('测试保洁公司丁（保洁公司）合计');
    expect(rows[2][9]).toBe(104);
    expect((await fetch(statementUrl(999999), { headers: { authorization: `Bearer ${finance.token}` } })).status).toBe(404);
    const audit = await app.services.db.selectFrom('staffAuditLog').select(['action', 'details']).where('staffId', '=', finance.id).where('action', '=', 'contractor.statement_exported').execute();
    expect(audit).toEqual([{ action: 'contractor.statement_exported', details: { month: '2025-08', entries: 2 } }]);
  });
});
