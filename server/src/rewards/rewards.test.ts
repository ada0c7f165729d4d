import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildStaff, loginDemoStaff, nextSpot, type TestCitizen } from '../test-support/factories.js';
import { actOk, buildCase, closeThroughWorkflow, submitReportAt } from '../test-support/case-factories.js';
import { addRewardRules, buildRegisteredCase, deliverCaseEvents } from '../test-support/reward-factories.js';
import { buildIvrTicket, completeTicketAt } from '../test-support/hotline-factories.js';
import { RewardProcessor } from './reward-processor.js';
import { DEMO_REWARD_RULES } from './demo-rules.js';

let app: TestApp;
let processor: RewardProcessor;
let admin: string;
beforeAll(async () => {
  app = await startTestApp();
  processor = new RewardProcessor(app.services.db, app.clock);
  admin = (await loginDemoStaff(app, 'admin')).token;
});
afterAll(() => app.close());

async function rewardsOf(citizen: TestCitizen) {
  const response = await app.request('GET', '/api/v1/rewards/mine', { token: citizen.token });
  expect(response.status).toBe(200);
  return response.body;
}

/** Registers a case reported by the citizen and lets the processor see its 立案 (twice, as a redelivery would). */
async function earn(citizen: TestCitizen, categoryCode?: string) {
  const built = await buildRegisteredCase(app, { citizen, categoryCode });
  expect(await deliverCaseEvents(app, processor, built.caseId, 'case.registered')).toBe(1);
  await deliverCaseEvents(app, processor, built.caseId, 'case.registered');
  return built;
}

/** Logs the administrator in afresh: the tests move the clock years ahead, past any earlier token's expiry. */
const addRules = (effectiveFrom: string, rules: Record<string, unknown>) => addRewardRules(app, effectiveFrom, rules);

describe('earning on 立案', () => {
  it('credits only the first valid reporter, once, naming the case and the rule version', async () => {
    const first = await buildCitizen(app);
    const second = await buildCitizen(app);
    const built = await buildCase(app, { citizen: first });
    await submitReportAt(app, second, built.spot);
    const reviewer = (await loginDemoStaff(app, 'reviewer')).token;
    await actOk(app, reviewer, built.caseId, 'accept');
    await actOk(app, reviewer, built.caseId, 'register');
    for (let i = 0; i < 3; i++) await deliverCaseEvents(app, processor, built.caseId, 'case.registered');

    const mine = await rewardsOf(first);
    expect(mine.balanceFen).toBe(200);
    expect(mine.entries).toEqual([
      expect.objectContaining({ kind: 'credit', amountFen: 200, cause: 'case.registered', caseId: built.caseId, rule: { code: 'base', versionId: expect.any(Number) }, cappedBy: null }),
    ]);
    expect(mine.statements).toEqual([{ month: '2025-09', earnedFen: 200, reversedFen: 0, settledFen: 0 }]);
    expect((await rewardsOf(second)).balanceFen).toBe(0);
  });

  it('adds the 私搭乱建 first-report bonus', async () => {
    const citizen = await buildCitizen(app);
    await earn(citizen, 'E0101');
    const mine = await rewardsOf(citizen);
    expect(mine.balanceFen).toBe(10_200);
    expect(mine.entries.map((entry: any) => [entry.rule.code, entry.amountFen]).sort()).toEqual([
      ['base', 200],
      ['first_report_bonus', 10_000],
    ]);
  });

  it('pays nothing for a case before 立案 or one rejected', async () => {
    const citizen = await buildCitizen(app);
    const built = await buildCase(app, { citizen });
    await actOk(app, (await loginDemoStaff(app, 'reviewer')).token, built.caseId, 'reject', { reason: '不属于受理范围' });
    expect(await deliverCaseEvents(app, processor, built.caseId, 'case.registered')).toBe(0);
    expect((await rewardsOf(citizen)).balanceFen).toBe(0);
  });
});

describe('reversal', () => {
  it('作废 writes one reversing entry and leaves the credit as it was', async () => {
    const citizen = await buildCitizen(app);
    const built = await earn(citizen);
    await actOk(app, (await loginDemoStaff(app, 'dispatcher')).token, built.caseId, 'void', { reason: '虚假举报' });
    await deliverCaseEvents(app, processor, built.caseId, 'case.voided');
    await deliverCaseEvents(app, processor, built.caseId, 'case.voided');
    const mine = await rewardsOf(citizen);
    expect(mine.balanceFen).toBe(0);
    const [reversal, credit] = mine.entries;
    expect(credit).toMatchObject({ kind: 'credit', amountFen: 200 });
    expect(reversal).toMatchObject({ kind: 'reversal', amountFen: -200, cause: 'case.voided', caseId: built.caseId, reversesEntryId: credit.id });
    expect(mine.statements[0]).toMatchObject({ earnedFen: 200, reversedFen: 200 });
  });

  it('a case merged into another was a duplicate: its reward is reversed, the target keeps its own', async () => {
    const target = await earn(await buildCitizen(app));
    const duplicate = await earn(await buildCitizen(app));
    await actOk(app, (await loginDemoStaff(app, 'dispatcher')).token, duplicate.caseId, 'merge', { intoCaseId: target.caseId });
    await deliverCaseEvents(app, processor, duplicate.caseId, 'case.merged');
    expect((await rewardsOf(duplicate.citizen)).balanceFen).toBe(0);
    expect((await rewardsOf(target.citizen)).balanceFen).toBe(200);
  });

  it('a 作废 processed before the 立案 event leaves nothing to pay', async () => {
    const citizen = await buildCitizen(app);
    const built = await buildRegisteredCase(app, { citizen });
    await actOk(app, (await loginDemoStaff(app, 'dispatcher')).token, built.caseId, 'void', { reason: '重复举报' });
    await deliverCaseEvents(app, processor, built.caseId, 'case.voided');
    await deliverCaseEvents(app, processor, built.caseId, 'case.registered');
    expect(await rewardsOf(citizen)).toMatchObject({ balanceFen: 0, entries: [] });
  });
});

describe('exclusions', () => {
  it('an excluded citizen earns nothing until readmitted; every change is audited', async () => {
    const citizen = await buildCitizen(app);
    const put = await app.request('PUT', `/api/v1/reward-exclusions/${citizen.id}`, { token: admin, body: { kind: 'collector', reason: '专职信息采集员' } });
    expect(put.status).toBe(200);
    const listed = async () => (await app.request('GET', '/api/v1/reward-exclusions?pageSize=100', { token: admin })).body.exclusions.filter((row: any) => row.citizenId === citizen.id);
    expect(await listed()).toEqual([
      expect.objectContaining({ citizenId: citizen.id, openid: expect.stringContaining('****'), kind: 'collector', reason: '专职信息采集员', createdByName: expect.any(String) }),
    ]);
    const finance = await buildStaff(app, { roles: ['finance'] });
    expect((await app.request('GET', '/api/v1/reward-exclusions', { token: finance.token })).status).toBe(403);
    await earn(citizen);
    expect((await rewardsOf(citizen)).balanceFen).toBe(0);
    expect((await app.request('DELETE', `/api/v1/reward-exclusions/${citizen.id}`, { token: admin })).status).toBe(204);
    expect(await listed()).toEqual([]);
    await earn(citizen);
    expect((await rewardsOf(citizen)).balanceFen).toBe(200);
    const audit = await app.services.db.selectFrom('staffAuditLog').select('action').where('targetType', '=', 'citizen').where('targetId', '=', String(citizen.id)).orderBy('id').execute();
    expect(audit.map((row) => row.action)).toEqual(['reward.citizen_excluded', 'reward.citizen_readmitted']);
  });
});

describe('rule versions, caps and the pool', () => {
  it('refuses rule changes to the past, and rule endpoints to everyone but administrators', async () => {
    const past = await app.request('POST', '/api/v1/reward-rules', { token: admin, body: { effectiveFrom: '2025-01-01T00:00:00+08:00', rules: DEMO_REWARD_RULES } });
    expect([past.status, past.body.error.code]).toEqual([422, 'reward.rules_in_the_past']);
    const finance = await buildStaff(app, { roles: ['finance'] });
    expect((await app.request('GET', '/api/v1/reward-rules', { token: finance.token })).status).toBe(403);
    const citizen = await buildCitizen(app);
    expect((await app.request('GET', '/api/v1/reward-rules', { token: citizen.token })).status).toBe(403);
    const listed = await app.request('GET', '/api/v1/reward-rules', { token: admin });
    expect(listed.body.versions.at(-1)).toMatchObject({ rules: DEMO_REWARD_RULES, createdBy: null });
  });

  it('cuts credits at the daily and monthly caps, in the order they are earned, and says which cap', async () => {
    const version = await addRules('2031-03-01T00:00:00+08:00', { baseFen: 200, dailyCapFen: 500, monthlyCapFen: 700 });
    app.clock.set('2031-03-03T09:00:00+08:00');
    const citizen = await buildCitizen(app);
    for (let i = 0; i < 4; i++) await earn(citizen);
    app.clock.set('2031-03-04T09:00:00+08:00');
    for (let i = 0; i < 2; i++) await earn(citizen);
    const mine = await rewardsOf(citizen);
    expect(mine.balanceFen).toBe(700);
    expect(mine.entries.reverse().map((entry: any) => [entry.amountFen, entry.cappedBy, entry.rule.versionId])).toEqual([
      [200, null, version.id],
      [200, null, version.id],
      [100, 'daily_cap', version.id],
      [0, 'daily_cap', version.id],
      [200, null, version.id],
      [0, 'monthly_cap', version.id],
    ]);
    const rules = await app.request('GET', '/api/v1/rewards/rules', { token: citizen.token });
    expect(rules.body.version).toMatchObject({ id: version.id, rules: { dailyCapFen: 500 } });
  });

  it('a reversal frees room under the cap for later credits', async () => {
    await addRules('2031-05-01T00:00:00+08:00', { baseFen: 200, dailyCapFen: 200 });
    app.clock.set('2031-05-06T09:00:00+08:00');
    const citizen = await buildCitizen(app);
    const voided = await earn(citizen);
    await actOk(app, (await loginDemoStaff(app, 'dispatcher')).token, voided.caseId, 'void', { reason: '虚假举报' });
    await deliverCaseEvents(app, processor, voided.caseId, 'case.voided');
    await earn(citizen);
    expect((await rewardsOf(citizen)).balanceFen).toBe(200);
  });

  it('pays the monthly pool until it is spent, then credits 0 分 naming the pool', async () => {
    await addRules('2032-01-01T00:00:00+08:00', { baseFen: 200, monthlyPoolFen: 500 });
    app.clock.set('2032-01-05T09:00:00+08:00');
    const citizens = [await buildCitizen(app), await buildCitizen(app), await buildCitizen(app), await buildCitizen(app)];
    for (const citizen of citizens) await earn(citizen);
    const credits = await Promise.all(citizens.map(async (citizen) => (await rewardsOf(citizen)).entries[0]));
    expect(credits.map((entry) => [entry.amountFen, entry.cappedBy])).toEqual([
      [200, null],
      [200, null],
      [100, 'pool'],
      [0, 'pool'],
    ]);
    app.clock.set('2032-02-03T09:00:00+08:00');
    const next = await buildCitizen(app, citizens[3].name);
    await earn(next);
    expect((await rewardsOf(next)).balanceFen).toBe(200);
  });
});

/** Credits written for a case, for citizens with no login of their own (hotline callers). */
function creditsOfCase(caseId: number) {
  return app.services.db.selectFrom('rewardLedger').select(['citizenId', 'amountFen', 'ruleCode']).where('caseId', '=', caseId).where('kind', '=', 'credit').execute();
}

/** A hotline report (the IVR ticket completed by an agent) taken to 立案 and its event processed. */
async function earnByHotline(callerNumber?: string) {
  const agent = await buildStaff(app, { roles: ['agent'] });
  const { call, ticket } = await buildIvrTicket(app, { callerNumber });
  const completed = await completeTicketAt(app, agent.token, ticket.id, await nextSpot(app));
  expect(completed.status).toBe(200);
  const caseId = completed.body.report.caseId as number;
  const reviewer = (await loginDemoStaff(app, 'reviewer')).token;
  await actOk(app, reviewer, caseId, 'accept');
  await actOk(app, reviewer, caseId, 'register');
  await deliverCaseEvents(app, processor, caseId, 'case.registered');
  return { caseId, callerCitizenId: call.citizenId };
}

describe('who never earns', () => {
  it('pays nothing for an anonymous hotline report (no caller id), but pays a caller with a number', async () => {
    await addRules('2033-01-01T00:00:00+08:00', { baseFen: 200 });
    app.clock.set('2033-01-05T09:00:00+08:00');
    const anonymous = await earnByHotline('');
    expect(await creditsOfCase(anonymous.caseId)).toEqual([]);
    const known = await earnByHotline();
    expect(await creditsOfCase(known.caseId)).toEqual([{ citizenId: known.callerCitizenId, amountFen: 200, ruleCode: 'base' }]);
  });

  it('pays nothing for reports from a source the rules exclude, from its effective date', async () => {
    await addRules('2033-02-01T00:00:00+08:00', { baseFen: 200, excludedSources: ['hotline'] });
    app.clock.set('2033-02-03T09:00:00+08:00');
    const byPhone = await earnByHotline();
    expect(await creditsOfCase(byPhone.caseId)).toEqual([]);
    const citizen = await buildCitizen(app);
    await earn(citizen);
    expect((await rewardsOf(citizen)).balanceFen).toBe(200);
  });
});

describe('confirming the fix', () => {
  const rate = (citizen: TestCitizen, reportId: number) => app.request('POST', `/api/v1/reports/${reportId}/rating`, { token: citizen.token, body: { rating: 'dissatisfied' } });

  it('pays the primary reporter once for rating the closed case, whatever the rating; later reporters and followers nothing', async () => {
    const version = await addRules('2033-03-01T00:00:00+08:00', { baseFen: 200, confirmationBonusFen: 300 });
    app.clock.set('2033-03-03T09:00:00+08:00');
    const [primary, later, follower] = [await buildCitizen(app), await buildCitizen(app), await buildCitizen(app)];
    const built = await buildCase(app, { citizen: primary });
    const laterReport = (await submitReportAt(app, later, built.spot)).body.report;
    const followReport = (await app.request('POST', `/api/v1/cases/${built.caseId}/follow`, { token: follower.token })).body.report;
    expect([laterReport.caseId, laterReport.isPrimary, followReport.kind]).toEqual([built.caseId, false, 'follow']);
    await closeThroughWorkflow(app, built.caseId);
    await deliverCaseEvents(app, processor, built.caseId, 'case.registered');

    app.clock.set('2033-03-06T09:00:00+08:00');
    for (const [citizen, reportId] of [[primary, built.reportId], [later, laterReport.id], [follower, followReport.id]] as const) {
      expect((await rate(citizen, reportId)).status).toBe(201);
    }
    // A refused second rating records no event.
    expect((await rate(primary, built.reportId)).status).toBe(409);
    expect(await deliverCaseEvents(app, processor, built.caseId, 'case.rated')).toBe(3);
    await deliverCaseEvents(app, processor, built.caseId, 'case.rated');

    const mine = await rewardsOf(primary);
    expect(mine.balanceFen).toBe(500);
    expect(mine.entries[0]).toEqual(
      expect.objectContaining({ kind: 'credit', amountFen: 300, cause: 'case.rated', caseId: built.caseId, rule: { code: 'confirmation_bonus', versionId: version.id }, at: '2033-03-06T01:00:00.000Z' }),
    );
    expect(mine.entries).toHaveLength(2);
    expect((await rewardsOf(later)).balanceFen).toBe(0);
    expect((await rewardsOf(follower)).balanceFen).toBe(0);
  });

  it('counts against the caps like any credit', async () => {
    await addRules('2033-04-01T00:00:00+08:00', { baseFen: 200, confirmationBonusFen: 300, dailyCapFen: 400 });
    app.clock.set('2033-04-04T09:00:00+08:00');
    const citizen = await buildCitizen(app);
    const built = await buildCase(app, { citizen });
    await closeThroughWorkflow(app, built.caseId);
    await deliverCaseEvents(app, processor, built.caseId, 'case.registered');
    expect((await rate(citizen, built.reportId)).status).toBe(201);
    await deliverCaseEvents(app, processor, built.caseId, 'case.rated');
    const mine = await rewardsOf(citizen);
    expect(mine.entries.map((entry: any) => [entry.rule.code, entry.amountFen, entry.cappedBy])).toEqual([
      ['confirmation_bonus', 200, 'daily_cap'],
      ['base', 200, null],
    ]);
  });

  it('pays nothing when the rules in force at the rating have no confirmation bonus', async () => {
    await addRules('2033-05-01T00:00:00+08:00', { baseFen: 200 });
    app.clock.set('2033-05-04T09:00:00+08:00');
    const citizen = await buildCitizen(app);
    const built = await buildCase(app, { citizen });
    await closeThroughWorkflow(app, built.caseId);
    await deliverCaseEvents(app, processor, built.caseId, 'case.registered');
    expect((await rate(citizen, built.reportId)).status).toBe(201);
    await deliverCaseEvents(app, processor, built.caseId, 'case.rated');
    expect((await rewardsOf(citizen)).balanceFen).toBe(200);
  });
});
