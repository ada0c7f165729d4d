import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildStaff, nextSpot } from '../test-support/factories.js';
import { buildCall, buildIvrTicket, callEvent, caseEvent, completeTicketAt, nextCallerNumber, postIvrTicket, telephony } from '../test-support/hotline-factories.js';
import { buildCase } from '../test-support/case-factories.js';
import { CitizenProgressProcessor } from '../feedback/citizen-progress-processor.js';
import { buildWav } from '../test-support/wav.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ HOTLINE_RECORDING_MAX_BYTES: String(64 * 1024) });
});
afterAll(() => app.close());

const callRow = (callId: string) => app.services.db.selectFrom('hotlineCalls').selectAll().where('callId', '=', callId).executeTakeFirstOrThrow();

describe('the telephony service token', () => {
  it('is required, compared exactly, and no staff token stands in for it', async () => {
    const body = { callId: randomUUID(), callerNumber: '13800000000', calledNumber: '12319', startedAt: app.clock.now().toISOString() };
    const staff = await buildStaff(app, { roles: ['agent'] });
    for (const authorization of [undefined, 'Bearer wrong-token', `Bearer ${app.services.config.hotline.telephonyApiToken}x`, `Bearer ${staff.token}`]) {
      const response = await app.request('POST', '/api/v1/hotline/telephony/calls', { body, headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('auth.service_token_invalid');
    }
  });
});

describe('POST /calls', () => {
  it('records the call and its caller as a hotline citizen: number hashed, encrypted and masked', async () => {
    const callerNumber = await nextCallerNumber(app);
    const callId = randomUUID();
    const body = { callId, callerNumber, calledNumber: '12319', startedAt: app.clock.now().toISOString() };
    const first = await telephony(app, 'POST', '/calls', { body });
    expect(first.status).toBe(201);
    expect(first.body.caller).toEqual({ citizenId: expect.any(Number), known: false, maskedNumber: `${callerNumber.slice(0, 3)}****${callerNumber.slice(-4)}` });
    const citizen = await app.services.db.selectFrom('citizens').selectAll().where('id', '=', first.body.caller.citizenId).executeTakeFirstOrThrow();
    expect(citizen.phoneHash).toMatch(/^[0-9a-f]{64}$/);
    expect(citizen.phoneEncrypted).not.toContain(callerNumber.slice(3, 7));
    expect(JSON.stringify(citizen)).not.toContain(callerNumber);

    // A retry answers the same call and caller; the next call from the number finds them known.
    const retry = await telephony(app, 'POST', '/calls', { body });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const again = await telephony(app, 'POST', '/calls', { body: { ...body, callId: randomUUID(), callerNumber: `+86${callerNumber}` } });
    expect(again.body.caller).toMatchObject({ citizenId: first.body.caller.citizenId, known: true });
  });

  it('takes a withheld number as an anonymous caller', async () => {
    for (const callerNumber of ['', 'anonymous']) {
      const response = await telephony(app, 'POST', '/calls', { body: { callId: randomUUID(), callerNumber, calledNumber: '12319', startedAt: app.clock.now().toISOString() } });
      expect(response.status).toBe(201);
      expect(response.body.caller).toEqual({ citizenId: null, known: false, maskedNumber: null });
    }
  });

  it('refuses a malformed call', async () => {
    const response = await telephony(app, 'POST', '/calls', { body: { callId: 'has spaces', callerNumber: 'abc', startedAt: 'yesterday' } });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((field: { field: string }) => field.field).sort()).toEqual(['callId', 'calledNumber', 'callerNumber', 'startedAt']);
  });
});

describe('POST /calls/:callId/events', () => {
  it('builds the call record: menu path, wait until an agent answers, talk until hangup, outcome agent', async () => {
    const call = await buildCall(app);
    await callEvent(app, call, 'answered');
    await callEvent(app, call, 'menu', { choice: 'invalid' });
    await callEvent(app, call, 'menu', { choice: '0' });
    await callEvent(app, call, 'queued', { target: 'user/1000' });
    app.clock.advance(25_000);
    await callEvent(app, call, 'agent_answered', { agent: '1000' });
    app.clock.advance(95_000);
    await callEvent(app, call, 'ended', { cause: 'NORMAL_CLEARING' });
    expect(await callRow(call.callId)).toMatchObject({ menuPath: ['invalid', '0'], outcome: 'agent', waitSeconds: 25, talkSeconds: 95, agent: '1000', hangupCause: 'NORMAL_CLEARING' });
  });

  it('is idempotent on (call, seq) and order-independent', async () => {
    const call = await buildCall(app);
    const at = app.clock.now().toISOString();
    const post = (seq: number, type: string, detail?: object) => telephony(app, 'POST', `/calls/${call.callId}/events`, { body: { seq, type, at, ...(detail ? { detail } : {}) } });
    expect((await post(2, 'menu', { choice: '2' })).status).toBe(200);
    expect((await post(1, 'menu', { choice: '1' })).status).toBe(200);
    expect((await post(2, 'menu', { choice: '2' })).status).toBe(200);
    const events = await app.services.db.selectFrom('hotlineCallEvents').selectAll().where('callId', '=', (await callRow(call.callId)).id).execute();
    expect(events).toHaveLength(2);
    expect((await callRow(call.callId)).menuPath).toEqual(['1', '2']);
  });

  it('marks a call that ended in the menu as abandoned', async () => {
    const call = await buildCall(app);
    await callEvent(app, call, 'answered');
    await callEvent(app, call, 'menu', { choice: 'timeout' });
    await callEvent(app, call, 'ended', { cause: 'ORIGINATOR_CANCEL' });
    expect(await callRow(call.callId)).toMatchObject({ outcome: 'abandoned', waitSeconds: null, talkSeconds: null });
  });

  it('answers 404 for an unknown call and 400 for a bad event', async () => {
    const unknown = await telephony(app, 'POST', `/calls/${randomUUID()}/events`, { body: { seq: 1, type: 'answered', at: app.clock.now().toISOString() } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('hotline.call_not_found');
    const call = await buildCall(app);
    const bad = await telephony(app, 'POST', `/calls/${call.callId}/events`, { body: { seq: 0, type: 'menu', at: app.clock.now().toISOString(), detail: { choice: '7' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((field: { field: string }) => field.field).sort()).toEqual(['detail.choice', 'seq']);
  });
});

describe('POST /calls/:callId/ticket', () => {
  it('makes one numbered ticket per call holding the recording; a retry replaces nothing', async () => {
    app.clock.set('2025-11-23T10:00:00+08:00');
    const call = await buildCall(app);
    const first = await postIvrTicket(app, call.callId, { recording: buildWav(100, 330), durationMs: 15_000 });
    expect(first.status).toBe(201);
    expect(first.body.ticket.number).toMatch(/^251123\d{4}$/);
    const retry = await postIvrTicket(app, call.callId, { recording: buildWav(100, 550) });
    expect(retry.status).toBe(200);
    expect(retry.body.ticket).toEqual(first.body.ticket);
    const ticket = await app.services.db.selectFrom('hotlineTickets').selectAll().where('id', '=', first.body.ticket.id).executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({ createdBy: 'ivr', durationMs: 15_000, complete: true, recordingBytes: buildWav(100, 330).length, citizenId: call.citizenId });

    const next = await buildIvrTicket(app);
    expect(Number(next.ticket.number)).toBeGreaterThan(Number(first.body.ticket.number));
  });

  it('keeps what was captured when the caller hung up while recording, and the call becomes a ticket call', async () => {
    const call = await buildCall(app);
    await callEvent(app, call, 'menu', { choice: '1' });
    await callEvent(app, call, 'ended', { cause: 'NORMAL_CLEARING' });
    expect((await callRow(call.callId)).outcome).toBe('abandoned');
    const response = await postIvrTicket(app, call.callId, { complete: false, durationMs: 4_000 });
    expect(response.status).toBe(201);
    expect((await callRow(call.callId)).outcome).toBe('ticket');
    const empty = await buildCall(app);
    expect((await postIvrTicket(app, empty.callId, { recording: null, complete: false, durationMs: 0 })).status).toBe(201);
  });

  it('refuses what is not a WAV, a recording over the limit, bad fields and unknown calls', async () => {
    const call = await buildCall(app);
    const notWav = await postIvrTicket(app, call.callId, { recording: Buffer.from('not audio at all') });
    expect(notWav.status).toBe(415);
    expect(notWav.body.error.code).toBe('hotline.recording_not_wav');
    const tooLarge = await postIvrTicket(app, call.callId, { recording: buildWav(5000) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('hotline.recording_too_large');
    const badFields = await postIvrTicket(app, call.callId, { durationMs: -1 });
    expect(badFields.status).toBe(400);
    expect(badFields.body.error.fields[0].field).toBe('durationMs');
    const notMultipart = await telephony(app, 'POST', `/calls/${call.callId}/ticket`, { body: { durationMs: 1 } });
    expect(notMultipart.status).toBe(400);
    const unknown = await postIvrTicket(app, randomUUID());
    expect(unknown.status).toBe(404);
    expect(await app.services.db.selectFrom('hotlineTickets').select('id').where('callId', '=', (await callRow(call.callId)).id).execute()).toHaveLength(0);
  });
});

describe('GET /progress', () => {
  it('tells the caller who reported it: the ticket waiting, then the case’s stage; anyone else hears not found', async () => {
    const { call, ticket } = await buildIvrTicket(app);
    const ask = (number: string, callerNumber: string) => telephony(app, 'GET', `/progress?number=${number}&callerNumber=${encodeURIComponent(callerNumber)}`);
    expect((await ask(ticket.number, call.callerNumber)).body).toEqual({ found: true, kind: 'ticket', stage: 'waiting', stageText: expect.stringContaining('工单') });
    expect((await ask(ticket.number, await nextCallerNumber(app))).body).toEqual({ found: false });
    expect((await ask(ticket.number, 'anonymous')).body).toEqual({ found: false });

    const agent = await buildStaff(app, { roles: ['agent'] });
    const completed = await completeTicketAt(app, agent.token, ticket.id, await nextSpot(app));
    expect(completed.status).toBe(200);
    const caseId = String(completed.body.report.caseId);
    expect((await ask(ticket.number, `+86${call.callerNumber}`)).body).toMatchObject({ found: true, kind: 'ticket', stage: 'received' });
    expect((await ask(caseId, call.callerNumber)).body).toMatchObject({ found: true, kind: 'case', stage: 'received', stageText: expect.any(String) });
    expect((await ask(caseId, await nextCallerNumber(app))).body).toEqual({ found: false });
    // A case someone else reported is not found for this number, like one that does not exist.
    expect((await ask(String((await buildCase(app)).caseId), call.callerNumber)).body).toEqual({ found: false });
    expect((await ask('999999999', call.callerNumber)).body).toEqual({ found: false });
  });

  it('speaks the reason of a 不予立案', async () => {
    const { call, ticket } = await buildIvrTicket(app);
    const agent = await buildStaff(app, { roles: ['agent'] });
    const { caseId } = (await completeTicketAt(app, agent.token, ticket.id, await nextSpot(app))).body.report;
    const reviewer = await buildStaff(app, { roles: ['reviewer'] });
    const rejected = await app.request('POST', `/api/v1/cases/${caseId}/actions`, { token: reviewer.token, body: { action: 'reject', reason: '该问题不属于城管受理范围' } });
    expect(rejected.status).toBe(200);
    await new CitizenProgressProcessor(app.services.db).handle(await caseEvent(app, 'case.rejected', caseId));
    const answer = await telephony(app, 'GET', `/progress?number=${caseId}&callerNumber=${call.callerNumber}`);
    expect(answer.body).toMatchObject({ found: true, stage: 'rejected', resultText: expect.stringContaining('不属于城管受理范围') });
  });

  it('makes a call in which a progress question was answered a query call', async () => {
    const call = await buildCall(app);
    await callEvent(app, call, 'menu', { choice: '2' });
    await telephony(app, 'GET', `/progress?number=123&callerNumber=${call.callerNumber}`);
    await callEvent(app, call, 'ended', { cause: 'NORMAL_CLEARING' });
    expect((await callRow(call.callId)).outcome).toBe('query');
  });

  it('refuses a number that is not digits', async () => {
    const response = await telephony(app, 'GET', '/progress?number=12a&callerNumber=13800000000');
    expect(response.status).toBe(400);
    expect(response.body.error.fields[0].field).toBe('number');
  });
});
