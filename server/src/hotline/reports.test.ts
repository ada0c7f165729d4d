import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildStaff, nextSpot, type TestStaff } from '../test-support/factories.js';
import { buildCall, buildIvrTicket, callEvent, completeTicketAt, telephony } from '../test-support/hotline-factories.js';
import { HotlineCallbackProcessor } from './callbacks.js';
import { isoWeekOf, periodOf } from './period-report.js';

let app: TestApp;
let agent: TestStaff;
beforeAll(async () => {
  // A month no other test file's clock reaches, so the figures are this file's alone.
  app = await startTestApp();
  app.clock.set('2030-06-12T10:00:00+08:00');
  agent = await buildStaff(app, { roles: ['agent'] });
});
afterAll(() => app.close());

describe('periods', () => {
  it('names Beijing days, ISO weeks and months', () => {
    const now = new Date('2030-06-12T17:00:00Z'); // 01:00 on the 13th in Beijing
    expect(periodOf('daily', undefined, now)).toMatchObject({ label: '2030-06-13', from: new Date('2030-06-12T16:00:00Z') });
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
    expect(isoWeekOf('2027-01-03')).toBe('2026-W53');
    expect(periodOf('weekly', '2026-W01', now)).toMatchObject({ from: new Date('2025-12-28T16:00:00Z'), to: new Date('2026-01-04T16:00:00Z') });
    expect(periodOf('monthly', '2030-12', now)).toMatchObject({ from: new Date('2030-11-30T16:00:00Z'), to: new Date('2030-12-31T16:00:00Z') });
    expect(() => periodOf('weekly', '2025-W53', now)).toThrow(/week/);
  });
});

describe('GET /reports/{daily,weekly,monthly}', () => {
  it('counts calls, answers, abandons, waits, talks, tickets, categories and callbacks; exports them as .xlsx', async () => {
    // An agent call: 20 s wait, 100 s talk.
    const talked = await buildCall(app);
    await callEvent(app, talked, 'queued', { target: 'user/1000' });
    app.clock.advance(20_000);
    await callEvent(app, talked, 'agent_answered', { agent: '1000' });
    app.clock.advance(100_000);
    await callEvent(app, talked, 'ended');
    // An abandoned call that waited 40 s.
    const abandoned = await buildCall(app);
    await callEvent(app, abandoned, 'queued', { target: 'user/1000' });
    app.clock.advance(40_000);
    await callEvent(app, abandoned, 'ended');
    // Two tickets, one completed as 暴露垃圾.
    const { ticket } = await buildIvrTicket(app);
    await buildIvrTicket(app);
    const { caseId } = (await completeTicketAt(app, agent.token, ticket.id, await nextSpot(app))).body.report;
    // A callback answered 满意 (the case's closing itself is the workflow's business, tested there).
    const { db, bus, config } = app.services;
    const closed = { id: -caseId, topic: 'case.closed', occurredAt: app.clock.now().toISOString(), payload: { caseId } };
    await new HotlineCallbackProcessor({ db, bus, clock: app.clock, config: config.hotline, personalData: config.personalData }).handle(closed);
    const callback = await db.selectFrom('hotlineCallbacks').select('id').where('caseId', '=', caseId).executeTakeFirstOrThrow();
    await telephony(app, 'POST', `/callbacks/${callback.id}/attempts`, { body: { attemptNo: 1, outcome: 'answered', rating: 'satisfied' } });

    const expected = {
      calls: 4,
      answered: 3,
      answeredRate: 0.75,
      abandoned: 1,
      averageWaitSeconds: 30,
      averageTalkSeconds: 100,
      ticketsCreated: 2,
      topCategories: [{ code: 'E0102', name: '暴露垃圾', count: 1 }],
      callbacks: { done: 1, unreachable: 0, satisfied: 1, basicallySatisfied: 0, dissatisfied: 0, satisfactionRate: 1 },
    };
    const daily = await app.request('GET', '/api/v1/hotline/reports/daily?date=2030-06-12', { token: agent.token });
    expect(daily.body).toEqual({ period: '2030-06-12', ...expected });
    const weekly = await app.request('GET', '/api/v1/hotline/reports/weekly?week=2030-W24', { token: agent.token });
    expect(weekly.body).toEqual({ period: '2030-W24', ...expected });
    const monthly = await app.request('GET', '/api/v1/hotline/reports/monthly', { token: agent.token });
    expect(monthly.body).toEqual({ period: '2030-06', ...expected });
    const otherDay = await app.request('GET', '/api/v1/hotline/reports/daily?date=2030-06-11', { token: agent.token });
    expect(otherDay.body).toMatchObject({ calls: 0, answeredRate: null, averageWaitSeconds: null, callbacks: { satisfactionRate: null } });

    const download = await fetch(`${app.url}/api/v1/hotline/reports/daily.xlsx?date=2030-06-12`, { headers: { authorization: `Bearer ${agent.token}` } });
    expect(download.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(download.headers.get('content-disposition')).toContain('hotline-daily-2030-06-12.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await download.arrayBuffer());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['热线日报', '问题类别排行', '通话日志']);
    const figures = workbook.getWorksheet('热线日报')!;
    expect(figures.getRow(2).values).toEqual([undefined, '来电总数', 4]);
    expect(figures.getRow(4).values).toEqual([undefined, '接通率', '75.00%']);
    expect(workbook.getWorksheet('通话日志')!.rowCount).toBe(5);
    const monthlyBook = await fetch(`${app.url}/api/v1/hotline/reports/monthly.xlsx?month=2030-06`, { headers: { authorization: `Bearer ${agent.token}` } });
    expect(monthlyBook.status).toBe(200);
  });

  it('refuses malformed periods', async () => {
    for (const query of ['daily?date=2030-6-1', 'weekly?week=2030-W60', 'monthly?month=2030-13', 'daily?date=2030-02-30']) {
      const response = await app.request('GET', `/api/v1/hotline/reports/${query}`, { token: agent.token });
      expect(response.status).toBe(400);
    }
  });
});
