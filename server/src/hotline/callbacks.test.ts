import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { buildStaff, nextSpot } from '../test-support/factories.js';
import { buildCase, closeThroughWorkflow } from '../test-support/case-factories.js';
import { buildIvrTicket, caseEvent, completeTicketAt, telephony, type TestCall } from '../test-support/hotline-factories.js';
import { HotlineCallbackProcessor } from './callbacks.js';

let app: TestApp;
let processor: HotlineCallbackProcessor;
beforeAll(async () => {
  app = await startTestApp({ HOTLINE_CALLBACK_MAX_ATTEMPTS: '2', HOTLINE_CALLBACK_RETRY_MINUTES: '30' });
  const { db, bus, config } = app.services;
  processor = new HotlineCallbackProcessor({ db, bus, clock: app.clock, config: config.hotline, personalData: config.personalData });
});
afterAll(() => app.close());

const queue = () => app.services.bus.queue('hotline-callbacks');

/** A case reported by phone and closed through the workflow, its `case.closed` delivered to the processor. */
async function closedHotlineCase(): Promise<{ call: TestCall; caseId: number; callbackId: number }> {
  app.clock.set('2025-11-23T07:30:00+08:00');
  const { call, ticket } = await buildIvrTicket(app);
  const agent = await buildStaff(app, { roles: ['agent'] });
  const { caseId } = (await completeTicketAt(app, agent.token, ticket.id, await nextSpot(app))).body.report;
  await closeThroughWorkflow(app, caseId);
  await processor.handle(await caseEvent(app, 'case.closed', caseId));
  const callback = await app.services.db.selectFrom('hotlineCallbacks').select('id').where('caseId', '=', caseId).executeTakeFirstOrThrow();
  return { call, caseId, callbackId: callback.id };
}

const attempt = (callbackId: number, body: Record<string, unknown>) => telephony(app, 'POST', `/callbacks/${callbackId}/attempts`, { body });

describe('opening the callback when a hotline case is closed', () => {
  it('opens one callback per case and queues its first attempt for the next allowed moment, even for a redelivered event', async () => {
    const { caseId, callbackId, call } = await closedHotlineCase();
    // Closed at 07:30 Beijing time: the first attempt waits until 09:00.
    const job = await queue().getJob(`callback-${callbackId}-1`);
    expect(job?.name).toBe('callback');
    expect(job?.data).toEqual({ callbackId, attemptNo: 1 });
    expect(job?.opts.delay).toBe(90 * 60_000);

    await processor.handle(await caseEvent(app, 'case.closed', caseId));
    const callbacks = await app.services.db.selectFrom('hotlineCallbacks').selectAll().where('caseId', '=', caseId).execute();
    expect(callbacks).toHaveLength(1);
    expect((await queue().getJobs(['delayed', 'waiting'])).filter((queued) => queued.data.callbackId === callbackId)).toHaveLength(1);

    const read = await telephony(app, 'GET', `/callbacks/${callbackId}`);
    expect(read.body.callback).toEqual({ id: callbackId, caseId, status: 'scheduled', attempts: 0, phoneNumber: call.callerNumber, resultText: expect.stringMatching(/^您于\d+月\d+日反映的暴露垃圾问题已处理完毕/) });
  });

  it('opens none for a case only mini-program citizens reported', async () => {
    const { caseId } = await buildCase(app);
    await closeThroughWorkflow(app, caseId);
    await processor.handle(await caseEvent(app, 'case.closed', caseId));
    expect(await app.services.db.selectFrom('hotlineCallbacks').select('id').where('caseId', '=', caseId).execute()).toHaveLength(0);
  });
});

describe('POST /callbacks/:id/attempts', () => {
  it('stores an answered rating on the case as the citizen’s rating, once', async () => {
    const { caseId, callbackId, call } = await closedHotlineCase();
    const answered = await attempt(callbackId, { attemptNo: 1, outcome: 'answered', rating: 'basically_satisfied', callId: 'cb-1' });
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ callback: { id: callbackId, status: 'done' } });
    const ratings = await app.services.db.selectFrom('caseRatings').selectAll().where('caseId', '=', caseId).execute();
    expect(ratings).toEqual([expect.objectContaining({ citizenId: call.citizenId, rating: 'basically_satisfied', channel: 'hotline_callback' })]);
    const replay = await attempt(callbackId, { attemptNo: 1, outcome: 'answered', rating: 'basically_satisfied' });
    expect(replay.body.callback.status).toBe('done');
    expect(await app.services.db.selectFrom('caseRatings').select('id').where('caseId', '=', caseId).execute()).toHaveLength(1);
    const late = await attempt(callbackId, { attemptNo: 2, outcome: 'no_answer' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('hotline.callback_finished');
  });

  it('retries an unanswered callback after the wait, then marks it unreachable after the last attempt', async () => {
    const { callbackId } = await closedHotlineCase();
    app.clock.set('2025-11-23T19:45:00+08:00');
    const first = await attempt(callbackId, { attemptNo: 1, outcome: 'no_answer' });
    expect(first.body.callback.status).toBe('scheduled');
    // 19:45 + 30 min is past 20:00: the retry waits until 09:00 the next day.
    const retry = await queue().getJob(`callback-${callbackId}-2`);
    expect(retry?.data).toEqual({ callbackId, attemptNo: 2 });
    expect(retry?.opts.delay).toBe(13.25 * 3600_000);
    expect((await attempt(callbackId, { attemptNo: 1, outcome: 'no_answer' })).body.callback.status).toBe('scheduled');
    const outOfOrder = await attempt(callbackId, { attemptNo: 3, outcome: 'busy' });
    expect(outOfOrder.status).toBe(409);
    expect(outOfOrder.body.error.code).toBe('hotline.callback_attempt_out_of_order');

    const last = await attempt(callbackId, { attemptNo: 2, outcome: 'busy' });
    expect(last.body.callback.status).toBe('unreachable');
    expect(await queue().getJob(`callback-${callbackId}-3`)).toBeUndefined();
    const stored = await app.services.db.selectFrom('hotlineCallbackAttempts').select(['attemptNo', 'outcome']).where('callbackId', '=', callbackId).orderBy('attemptNo').execute();
    expect(stored).toEqual([{ attemptNo: 1, outcome: 'no_answer' }, { attemptNo: 2, outcome: 'busy' }]);
  });

  it('refuses a rating without an answer, and unknown callbacks', async () => {
    const { callbackId } = await closedHotlineCase();
    const bad = await attempt(callbackId, { attemptNo: 1, outcome: 'no_answer', rating: 'satisfied' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('rating');
    expect((await attempt(999999999, { attemptNo: 1, outcome: 'failed' })).status).toBe(404);
    expect((await telephony(app, 'GET', '/callbacks/999999999')).body.error.code).toBe('hotline.callback_not_found');
  });
});
