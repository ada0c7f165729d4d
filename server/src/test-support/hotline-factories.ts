/**
 * Factories for hotline tests: calls, their events and IVR tickets posted the way the telephony
 * service posts them (with its service token), and callers with numbers no other test uses.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DomainEvent } from '../queue/outbox.js';
import type { TestApp, TestResponse } from './test-app.js';
import { buildWav } from './wav.js';

/** What the telephony service sends on every call to the server. */
export function telephony<T = any>(app: TestApp, method: string, path: string, options: { body?: unknown; rawBody?: BodyInit } = {}): Promise<TestResponse<T>> {
  return app.request(method, `/api/v1/hotline/telephony${path}`, { ...options, headers: { authorization: `Bearer ${app.services.config.hotline.telephonyApiToken}` } });
}

/** A mobile number no other test (in any file or worker) calls from. */
export async function nextCallerNumber(app: TestApp): Promise<string> {
  const index = await app.services.redis.incr('test-support:next-caller');
  return `139${String(index).padStart(8, '0')}`;
}

export interface TestCall {
  callId: string;
  callerNumber: string;
  citizenId: number | null;
  seq: number;
}

/** A call on 12319 as FreeSWITCH hands it over; `callerNumber: ''` for a withheld number. */
export async function buildCall(app: TestApp, options: { callerNumber?: string } = {}): Promise<TestCall> {
  const callerNumber = options.callerNumber ?? (await nextCallerNumber(app));
  const callId = randomUUID();
  const response = await telephony(app, 'POST', '/calls', { body: { callId, callerNumber, calledNumber: '12319', startedAt: app.clock.now().toISOString() } });
  if (response.status !== 201) throw new Error(`call failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { callId, callerNumber, citizenId: response.body.caller.citizenId, seq: 0 };
}

/** Posts the call's next event (seq counted on the call), `at` the test clock's now. */
export async function callEvent(app: TestApp, call: TestCall, type: string, detail?: Record<string, unknown>) {
  call.seq += 1;
  const response = await telephony(app, 'POST', `/calls/${call.callId}/events`, { body: { seq: call.seq, type, at: app.clock.now().toISOString(), ...(detail ? { detail } : {}) } });
  if (response.status !== 200) throw new Error(`event ${type} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response;
}

/** The IVR's ticket upload for a call: fields and (unless `recording: null`) the audio. */
export function postIvrTicket(app: TestApp, callId: string, options: { recording?: Buffer | null; durationMs?: number; complete?: boolean } = {}) {
  const form = new FormData();
  form.append('durationMs', String(options.durationMs ?? 12_000));
  if (options.complete !== undefined) form.append('complete', String(options.complete));
  const recording = options.recording === undefined ? buildWav() : options.recording;
  if (recording) form.append('recording', new Blob([new Uint8Array(recording)], { type: 'audio/wav' }), 'recording.wav');
  return telephony(app, 'POST', `/calls/${callId}/ticket`, { rawBody: form });
}

/** A caller reports by phone: the call, the menu choice 1, the recording → an open ticket. */
export async function buildIvrTicket(app: TestApp, options: { callerNumber?: string } = {}) {
  const call = await buildCall(app, options);
  await callEvent(app, call, 'answered');
  await callEvent(app, call, 'menu', { choice: '1' });
  const response = await postIvrTicket(app, call.callId);
  if (response.status !== 201) throw new Error(`ticket failed: ${response.status} ${JSON.stringify(response.body)}`);
  await callEvent(app, call, 'ended', { cause: 'NORMAL_CLEARING' });
  return { call, ticket: response.body.ticket as { id: number; number: string } };
}

/** An agent completes a ticket at a spot, as the console does. */
export function completeTicketAt(app: TestApp, token: string, ticketId: number, spot: { lat: number; lng: number }, categoryCode = 'E0102') {
  return app.request('POST', `/api/v1/hotline/tickets/${ticketId}/complete`, {
    token,
    body: { categoryCode, ...spot, coordSystem: 'wgs84', address: '龙岗大道 1 号', description: '市民来电：路边有一堆垃圾' },
  });
}

/**
 * The recorded event of a case, as the relay hands it to processors. Tests feed it to one
 * processor: a relay flush would also take every other test file's unrelayed events.
 */
export async function caseEvent(app: TestApp, topic: string, caseId: number): Promise<DomainEvent> {
  const row = await app.services.db
    .selectFrom('outbox')
    .select(['id', 'topic', 'payload', 'createdAt'])
    .where('topic', '=', topic)
    .where(sql<boolean>`payload->>'caseId' = ${String(caseId)}`)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { id: row.id, topic: row.topic, occurredAt: new Date(row.createdAt).toISOString(), payload: row.payload as Record<string, unknown> };
}
