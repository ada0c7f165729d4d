/**
 * A phone call, end to end: FreeSWITCH (the ESL peer) → the telephony service → the real API.
 * An older citizen calls 12319 about rubbish a mini-program citizen already reported; the
 * agent's completed ticket joins that case; the caller asks about it by phone; when the case is
 * closed the callback rings them and their 满意 is stored on the case.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { QueueEvents } from 'bullmq';
import { startTestApp, type TestApp } from '../../server/src/test-support/test-app.js';
import { buildCitizen, buildStaff, nextSpot } from '../../server/src/test-support/factories.js';
import { closeThroughWorkflow, submitReportAt, GARBAGE } from '../../server/src/test-support/case-factories.js';
import { caseEvent, completeTicketAt, nextCallerNumber } from '../../server/src/test-support/hotline-factories.js';
import { HotlineCallbackProcessor, callbackJob, callbackJobId } from '../../server/src/hotline/callbacks.js';
import { connectionFrom } from '../../server/src/queue/jobs.js';
import { loadTelephonyConfig } from '../../telephony/src/config.js';
import { runTelephony, type RunningTelephony } from '../../telephony/src/telephony-service.js';
import { EslPeer, type CallScript } from '../../telephony/src/test-support/esl-peer.js';
import { TEST_PROMPTS_DIR } from '../../telephony/src/test-support/test-telephony.js';

let app: TestApp;
let esl: EslPeer;
let telephony: RunningTelephony;
let dataDir: string;

beforeAll(async () => {
  app = await startTestApp();
  // Tuesday 10:00 Beijing time: agents in, callbacks allowed.
  app.clock.set('2025-11-25T10:00:00+08:00');
  esl = new EslPeer();
  const inboundPort = await esl.listenInbound({ password: 'ClueCon' });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'hotline-e2e-'));
  const config = loadTelephonyConfig({
    REDIS_URL: app.services.config.redisUrl,
    // The server's job bus and the telephony worker meet on the same queue.
    QUEUE_PREFIX: app.services.queuePrefix,
    DATA_DIR: dataDir,
    TELEPHONY_PROMPTS_DIR: TEST_PROMPTS_DIR,
    ESL_OUTBOUND_PORT: '0',
    ESL_INBOUND_PORT: String(inboundPort),
    TELEPHONY_API_BASE: `${app.url}/api/v1`,
    TELEPHONY_API_TOKEN: app.services.config.hotline.telephonyApiToken,
  });
  telephony = await runTelephony(config, { clock: app.clock, logger: pino({ level: 'silent' }) });
  await telephony.freeswitch.ready();
});
afterAll(async () => {
  await telephony?.stop();
  await esl?.close();
  await app?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Rings 12319 from `callerNumber` and waits until the service has delivered the whole call. */
async function ring(callerNumber: string, script: CallScript) {
  const [host, port] = telephony.outboundAddress.split(':');
  const placed = await esl.call({ host, port: Number(port) }, { callerNumber, ...script });
  await placed.closed;
  await telephony.ivr.idle();
  return { uuid: placed.uuid, played: placed.played().map((file) => path.basename(file, '.wav')) };
}

/** Runs the callback attempt the server queued, through the telephony worker, to its end. */
async function awaitCallbackAttempt(callbackId: number, attemptNo: number) {
  const events = new QueueEvents(callbackJob.queue, { connection: connectionFrom(app.services.config.redisUrl), prefix: app.services.queuePrefix });
  await events.waitUntilReady();
  try {
    const job = await app.services.bus.queue(callbackJob.queue).getJob(callbackJobId({ callbackId, attemptNo }));
    await job!.waitUntilFinished(events, 20_000);
  } finally {
    await events.close();
  }
}

test('a phoned-in report joins the mini-program case, is queried by phone, and is rated on the callback', async () => {
  const spot = await nextSpot(app);
  const citizen = await buildCitizen(app);
  const reported = (await submitReportAt(app, citizen, spot, GARBAGE)).body.report;
  const caller = await nextCallerNumber(app);

  const reportCall = await ring(caller, { keys: ['1'], recording: { ms: 3000, ending: 'terminator' } });
  const tickets = await app.services.db.selectFrom('hotlineTickets').innerJoin('hotlineCalls', 'hotlineCalls.id', 'hotlineTickets.callId').select(['hotlineTickets.id', 'hotlineTickets.number']).where('hotlineCalls.callId', '=', reportCall.uuid).execute();
  expect(tickets).toHaveLength(1);
  const [ticket] = tickets;
  // The caller heard the number the ticket was filed under, digit by digit.
  expect(reportCall.played.filter((file) => file.startsWith('digit_')).slice(0, 10).join('')).toBe([...ticket.number].map((digit) => `digit_${digit}`).join(''));

  const agent = await buildStaff(app, { roles: ['agent'] });
  const completed = await completeTicketAt(app, agent.token, ticket.id, spot, GARBAGE);
  expect(completed.status).toBe(200);
  expect(completed.body.report).toMatchObject({ caseId: reported.caseId, isPrimary: false });
  const log = await app.request('GET', '/api/v1/hotline/calls?date=2025-11-25', { token: agent.token });
  expect(log.body.calls.find((call: { callId: string }) => call.callId === reportCall.uuid)).toMatchObject({ outcome: 'ticket', maskedNumber: expect.stringMatching(/^\d{3}\*{4}\d{4}$/) });

  const query = await ring(caller, { keys: ['2', String(reported.caseId)] });
  expect(query.played).toContain('query_stage');
  expect(query.played).toContain('stage_received');
  const stranger = await ring(await nextCallerNumber(app), { keys: ['2', String(reported.caseId)] });
  expect(stranger.played).toContain('query_not_found');
  expect(stranger.played).not.toContain('query_stage');

  await closeThroughWorkflow(app, reported.caseId);
  const processor = new HotlineCallbackProcessor({ ...app.services, config: app.services.config.hotline, personalData: app.services.config.personalData });
  await processor.handle(await caseEvent(app, 'case.closed', reported.caseId));
  const callback = await app.services.db.selectFrom('hotlineCallbacks').select('id').where('caseId', '=', reported.caseId).executeTakeFirstOrThrow();
  esl.originateAnswer = () => ({ answer: true, script: { keys: ['1'] } });
  await awaitCallbackAttempt(callback.id, 1);

  expect(esl.originates.at(-1)!.dialString).toContain(caller);
  const ratings = await app.services.db.selectFrom('caseRatings').selectAll().where('caseId', '=', reported.caseId).execute();
  expect(ratings).toEqual([expect.objectContaining({ rating: 'satisfied', channel: 'hotline_callback' })]);
}, 60_000);
