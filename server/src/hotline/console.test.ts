import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildCitizen, buildStaff, nextSipExtension, nextSpot, type TestStaff } from '../test-support/factories.js';
import { buildCase } from '../test-support/case-factories.js';
import { buildCall, buildIvrTicket, callEvent, completeTicketAt, nextCallerNumber, postIvrTicket, type TestCall } from '../test-support/hotline-factories.js';
import { buildWav } from '../test-support/wav.js';

let app: TestApp;
let agent: TestStaff;
beforeAll(async () => {
  app = await startTestApp();
  agent = await buildStaff(app, { roles: ['agent'] });
});
afterAll(() => app.close());

describe('who may use the hotline console', () => {
  it('lets agents work, supervisors and admins read, and nobody else in', async () => {
    const { ticket } = await buildIvrTicket(app);
    const [reviewer, supervisor, department] = await Promise.all([
      buildStaff(app, { roles: ['reviewer'] }),
      buildStaff(app, { roles: ['supervisor'] }),
      buildStaff(app, { roles: ['department'], departmentCode: 'cg-huanwei' }),
    ]);
    expect((await app.request('GET', '/api/v1/hotline/tickets', { token: reviewer.token })).status).toBe(403);
    expect((await app.request('GET', '/api/v1/hotline/reports/daily', { token: department.token })).status).toBe(403);
    expect((await app.request('GET', '/api/v1/hotline/tickets', { token: supervisor.token })).status).toBe(200);
    expect((await app.request('GET', '/api/v1/hotline/reports/monthly', { token: supervisor.token })).status).toBe(200);
    const completing = await completeTicketAt(app, supervisor.token, ticket.id, await nextSpot(app));
    expect(completing.status).toBe(403);
    expect((await app.request('GET', '/api/v1/hotline/calls/active')).status).toBe(401);
    const citizen = await buildCitizen(app);
    expect((await app.request('GET', '/api/v1/hotline/tickets', { token: citizen.token })).status).toBe(403);
  });
});

describe('tickets', () => {
  it('queues open tickets, serves the recording to staff only, and shows the caller masked', async () => {
    const { call, ticket } = await buildIvrTicket(app);
    const list = await app.request('GET', '/api/v1/hotline/tickets?status=open&pageSize=100', { token: agent.token });
    expect(list.status).toBe(200);
    const listed = list.body.tickets.find((row: { id: number }) => row.id === ticket.id);
    expect(listed).toMatchObject({ number: ticket.number, status: 'open', createdBy: 'ivr', maskedNumber: `${call.callerNumber.slice(0, 3)}****${call.callerNumber.slice(-4)}`, recordingUrl: `/api/v1/hotline/tickets/${ticket.id}/recording` });
    expect(JSON.stringify(list.body)).not.toContain(call.callerNumber);

    const audio = await fetch(`${app.url}${listed.recordingUrl}`, { headers: { authorization: `Bearer ${agent.token}` } });
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await audio.arrayBuffer())).toEqual(buildWav());
    expect((await fetch(`${app.url}${listed.recordingUrl}`)).status).toBe(401);

    const withoutRecording = await buildCall(app);
    const bare = await postIvrTicket(app, withoutRecording.callId, { recording: null, complete: false, durationMs: 0 });
    const missing = await app.request('GET', `/api/v1/hotline/tickets/${bare.body.ticket.id}/recording`, { token: agent.token });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('hotline.recording_not_found');
    expect((await app.request('GET', '/api/v1/hotline/tickets/999999999', { token: agent.token })).status).toBe(404);
  });

  it('completing a ticket enters the intake as a hotline report and founds a case; a retry gives the same report', async () => {
    const { ticket } = await buildIvrTicket(app);
    const spot = await nextSpot(app);
    const completed = await completeTicketAt(app, agent.token, ticket.id, spot);
    expect(completed.status).toBe(200);
    expect(completed.body.report).toEqual({ id: expect.any(Number), caseId: expect.any(Number), isPrimary: true });
    expect(completed.body.ticket).toMatchObject({ status: 'completed', report: { id: completed.body.report.id, caseId: completed.body.report.caseId } });
    const report = await app.services.db.selectFrom('reports').selectAll().where('id', '=', completed.body.report.id).executeTakeFirstOrThrow();
    expect(report).toMatchObject({ source: 'hotline', idempotencyKey: `ticket-${ticket.id}`, categoryCode: 'E0102', description: '市民来电：路边有一堆垃圾' });

    const retry = await completeTicketAt(app, agent.token, ticket.id, spot);
    expect(retry.status).toBe(200);
    expect(retry.body.report).toEqual(completed.body.report);
    const changed = await completeTicketAt(app, agent.token, ticket.id, await nextSpot(app));
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('hotline.ticket_already_completed');
    const audit = await app.services.db.selectFrom('staffAuditLog').select('action').where('targetType', '=', 'hotline_ticket').where('targetId', '=', String(ticket.id)).execute();
    expect(audit.map((row) => row.action)).toEqual(['hotline.ticket_completed']);
  });

  it('links a ticket completed at the spot of an earlier mini-program report of the same category to that case', async () => {
    const earlier = await buildCase(app);
    const { ticket } = await buildIvrTicket(app);
    const completed = await completeTicketAt(app, agent.token, ticket.id, { lat: earlier.spot.lat + 0.0001, lng: earlier.spot.lng });
    expect(completed.body.report).toMatchObject({ caseId: earlier.caseId, isPrimary: false });
    const theCase = await app.services.db.selectFrom('cases').select('reporterCount').where('id', '=', earlier.caseId).executeTakeFirstOrThrow();
    expect(theCase.reporterCount).toBe(2);
  });

  it('refuses photos, a missing description, an unknown category and a place outside the service area, changing nothing', async () => {
    const { ticket } = await buildIvrTicket(app);
    const spot = await nextSpot(app);
    const bad = await app.request('POST', `/api/v1/hotline/tickets/${ticket.id}/complete`, {
      token: agent.token,
      body: { categoryCode: 'E0102', ...spot, description: '', photoIds: [randomUUID()] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((field: { field: string }) => field.field).sort()).toEqual(['description', 'photoIds']);
    expect((await completeTicketAt(app, agent.token, ticket.id, spot, 'E9999')).status).toBe(422);
    const outside = await completeTicketAt(app, agent.token, ticket.id, { lat: 39.9, lng: 116.4 });
    expect(outside.status).toBe(422);
    const row = await app.services.db.selectFrom('hotlineTickets').select(['status', 'reportId']).where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'open', reportId: null });
    expect((await completeTicketAt(app, agent.token, 999999999, spot)).status).toBe(404);
  });

  it('files an anonymous caller’s ticket under a citizen of its own', async () => {
    const { ticket } = await buildIvrTicket(app, { callerNumber: '' });
    const completed = await completeTicketAt(app, agent.token, ticket.id, await nextSpot(app));
    expect(completed.status).toBe(200);
    const row = await app.services.db.selectFrom('hotlineTickets').select('citizenId').where('id', '=', ticket.id).executeTakeFirstOrThrow();
    const report = await app.services.db.selectFrom('reports').select('citizenId').where('id', '=', completed.body.report.id).executeTakeFirstOrThrow();
    expect(report.citizenId).toBe(row.citizenId);
  });

  it('lets an agent make a ticket for a live call, or for a number given to them', async () => {
    const call = await buildCall(app);
    const live = await app.request('POST', '/api/v1/hotline/tickets', { token: agent.token, body: { callId: call.callId } });
    expect(live.status).toBe(201);
    expect(live.body.ticket).toMatchObject({ createdBy: 'staff', callId: call.callId, citizenId: call.citizenId, recordingUrl: null, status: 'open' });
    const callerNumber = await nextCallerNumber(app);
    const typed = await app.request('POST', '/api/v1/hotline/tickets', { token: agent.token, body: { callerNumber } });
    expect(typed.status).toBe(201);
    expect(typed.body.ticket.maskedNumber).toBe(`${callerNumber.slice(0, 3)}****${callerNumber.slice(-4)}`);
    expect((await app.request('POST', '/api/v1/hotline/tickets', { token: agent.token, body: {} })).status).toBe(400);
    const unknown = await app.request('POST', '/api/v1/hotline/tickets', { token: agent.token, body: { callId: randomUUID() } });
    expect(unknown.status).toBe(404);
    const audit = await app.services.db.selectFrom('staffAuditLog').select('action').where('targetId', '=', String(live.body.ticket.id)).where('targetType', '=', 'hotline_ticket').execute();
    expect(audit.map((row) => row.action)).toEqual(['hotline.ticket_created']);
  });
});

describe('the agent’s pop-up and the call log', () => {
  it('pops a queued call with the caller’s masked number, tickets and cases; it leaves when the call ends', async () => {
    const { call: earlierCall, ticket } = await buildIvrTicket(app);
    const { caseId } = (await completeTicketAt(app, agent.token, ticket.id, await nextSpot(app))).body.report;
    const call = await buildCall(app, { callerNumber: earlierCall.callerNumber });
    await callEvent(app, call, 'answered');
    await callEvent(app, call, 'menu', { choice: '0' });
    await callEvent(app, call, 'queued', { target: 'user/1000' });
    const active = await app.request('GET', '/api/v1/hotline/calls/active', { token: agent.token });
    const popped = active.body.calls.find((row: { callId: string }) => row.callId === call.callId);
    expect(popped).toMatchObject({ state: 'queued', known: true, citizenId: call.citizenId, maskedNumber: expect.stringMatching(/^139\*{4}\d{4}$/) });
    expect(popped.tickets.map((row: { id: number }) => row.id)).toContain(ticket.id);
    expect(popped.cases).toEqual([expect.objectContaining({ caseId, status: 'pending_acceptance', categoryName: '暴露垃圾', source: 'hotline' })]);

    await callEvent(app, call, 'agent_answered', { agent: '1000' });
    const talking = await app.request('GET', '/api/v1/hotline/calls/active', { token: agent.token });
    expect(talking.body.calls.find((row: { callId: string }) => row.callId === call.callId).state).toBe('talking');
    await callEvent(app, call, 'ended', { cause: 'NORMAL_CLEARING' });
    const after = await app.request('GET', '/api/v1/hotline/calls/active', { token: agent.token });
    expect(after.body.calls.map((row: { callId: string }) => row.callId)).not.toContain(call.callId);
  });

  it('lists the day’s calls (Beijing day) with masked callers, paged', async () => {
    const before = app.clock.now();
    app.clock.set('2031-02-03T23:30:00+08:00');
    const agent = await buildStaff(app, { roles: ['agent'] });
    const call = await buildCall(app);
    await callEvent(app, call, 'ended');
    const log = await app.request('GET', '/api/v1/hotline/calls?date=2031-02-03', { token: agent.token });
    expect(log.body).toMatchObject({ date: '2031-02-03', total: 1, page: 1 });
    expect(log.body.calls[0]).toMatchObject({ callId: call.callId, outcome: 'abandoned', maskedNumber: expect.stringContaining('****') });
    expect((await app.request('GET', '/api/v1/hotline/calls?date=2031-02-04', { token: agent.token })).body.total).toBe(0);
    expect((await app.request('GET', '/api/v1/hotline/calls?date=2031-02-30', { token: agent.token })).status).toBe(400);
    app.clock.set(before);
  });
});

describe('whose desk a call pops on', () => {
  const activeCallIds = async (staff: TestStaff) => {
    const response = await app.request('GET', '/api/v1/hotline/calls/active', { token: staff.token });
    expect(response.status).toBe(200);
    return response.body.calls.map((row: { callId: string }) => row.callId);
  };
  const queuedCall = async () => {
    const call = await buildCall(app);
    await callEvent(app, call, 'queued', { target: 'user/1000' });
    return call;
  };
  // Ended, so they leave the active list (50 calls at most) to the tests after these.
  const endCalls = (...calls: TestCall[]) => Promise.all(calls.map((call) => callEvent(app, call, 'ended', { cause: 'NORMAL_CLEARING' })));

  it('shows a queued call to every agent, then only to the agent who answered it (and to supervisors and admins)', async () => {
    const [mine, theirs] = await Promise.all([nextSipExtension(app), nextSipExtension(app)]);
    const [me, colleague, unassigned, supervisor, admin] = await Promise.all([
      buildStaff(app, { roles: ['agent'], sipExtension: mine }),
      buildStaff(app, { roles: ['agent'], sipExtension: theirs }),
      buildStaff(app, { roles: ['agent'] }),
      buildStaff(app, { roles: ['supervisor'] }),
      buildStaff(app, { roles: ['admin'] }),
    ]);
    const call = await queuedCall();
    for (const staff of [me, colleague, unassigned, supervisor, admin]) expect(await activeCallIds(staff)).toContain(call.callId);

    await callEvent(app, call, 'agent_answered', { agent: mine });
    expect(await activeCallIds(me)).toContain(call.callId);
    expect(await activeCallIds(colleague)).not.toContain(call.callId);
    // Without an extension nothing says which calls are theirs: they see every call.
    for (const staff of [unassigned, supervisor, admin]) expect(await activeCallIds(staff)).toContain(call.callId);
    await endCalls(call);
  });

  it('matches callcenter agents and dial strings by the name before @', async () => {
    const [plain, queued] = await Promise.all([nextSipExtension(app), nextSipExtension(app)]);
    const [directAgent, queueAgent, other] = await Promise.all([
      buildStaff(app, { roles: ['agent'], sipExtension: plain }),
      buildStaff(app, { roles: ['agent'], sipExtension: `${queued}@agents` }),
      buildStaff(app, { roles: ['agent'], sipExtension: await nextSipExtension(app) }),
    ]);
    const viaQueue = await queuedCall();
    await callEvent(app, viaQueue, 'agent_answered', { agent: `${plain}@default` });
    const bridged = await queuedCall();
    await callEvent(app, bridged, 'agent_answered', { agent: queued });
    const dialString = await queuedCall();
    await callEvent(app, dialString, 'agent_answered', { agent: `user/${queued}` });

    const seen = async (staff: TestStaff) => {
      const ids = await activeCallIds(staff);
      return [viaQueue, bridged, dialString].filter((call) => ids.includes(call.callId));
    };
    expect(await seen(directAgent)).toEqual([viaQueue]);
    expect(await seen(queueAgent)).toEqual([bridged, dialString]);
    expect(await seen(other)).toEqual([]);
    await endCalls(viaQueue, bridged, dialString);
  });

  it('follows an extension an administrator changes, at the next refresh', async () => {
    const extension = await nextSipExtension(app);
    const agentOnDesk = await buildStaff(app, { roles: ['agent'], sipExtension: await nextSipExtension(app) });
    const call = await queuedCall();
    await callEvent(app, call, 'agent_answered', { agent: extension });
    expect(await activeCallIds(agentOnDesk)).not.toContain(call.callId);
    const admin = await buildStaff(app, { roles: ['admin'] });
    const moved = await app.request('PATCH', `/api/v1/staff/${agentOnDesk.id}`, { token: admin.token, body: { sipExtension: extension } });
    expect(moved.status).toBe(200);
    expect(await activeCallIds(agentOnDesk)).toContain(call.callId);
    await endCalls(call);
  });
});

describe('GET /places', () => {
  it('finds streets and communities by name with a point to start the map at', async () => {
    const found = await app.request('GET', `/api/v1/hotline/places?q=${encodeURIComponent('龙城')}`, { token: agent.token });
    expect(found.status).toBe(200);
    expect(found.body.places[0]).toMatchObject({ code: '440307001', name: '龙城街道', level: 'street', parentName: '龙岗区' });
    const { lat, lng } = found.body.places[0];
    const located = await app.request('GET', `/api/v1/grids/lookup?lat=${lat}&lng=${lng}`);
    expect(located.body.street.code).toBe('440307001');
    expect((await app.request('GET', '/api/v1/hotline/places?q=%25', { token: agent.token })).body.places).toEqual([]);
    expect((await app.request('GET', '/api/v1/hotline/places?q=', { token: agent.token })).status).toBe(400);
  });
});

describe('revealing a caller’s number', () => {
  it('gives the number to those who may see personal data, and audits each view', async () => {
    const call = await buildCall(app);
    const reveal = await app.request('POST', `/api/v1/hotline/citizens/${call.citizenId}/phone`, { token: agent.token });
    expect(reveal.status).toBe(200);
    expect(reveal.body.phone).toBe(call.callerNumber);
    const audit = await app.services.db.selectFrom('staffAuditLog').selectAll().where('action', '=', 'hotline.phone_viewed').where('targetId', '=', String(call.citizenId)).execute();
    expect(audit).toEqual([expect.objectContaining({ staffId: agent.id, targetType: 'citizen' })]);

    const supervisor = await buildStaff(app, { roles: ['supervisor'] });
    expect((await app.request('POST', `/api/v1/hotline/citizens/${call.citizenId}/phone`, { token: supervisor.token })).status).toBe(403);
    const wechatCitizen = await buildCitizen(app);
    const none = await app.request('POST', `/api/v1/hotline/citizens/${wechatCitizen.id}/phone`, { token: agent.token });
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('hotline.phone_not_found');
  });
});

it('a mini-program report does not need the hotline’s exception: photos stay required there', async () => {
  const citizen = await buildCitizen(app);
  const response = await app.request('POST', '/api/v1/reports', {
    token: citizen.token,
    headers: { 'Idempotency-Key': randomUUID() },
    body: { categoryCode: 'E0102', ...(await nextSpot(app)), description: '无照片', photoIds: [] },
  });
  expect(response.status).toBe(400);
  expect(response.body.error.fields[0].field).toBe('photoIds');
});
