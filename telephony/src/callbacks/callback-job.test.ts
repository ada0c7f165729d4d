import { Queue, QueueEvents } from 'bullmq';
import pino from 'pino';
import { connectionFrom, createJobBus } from '../../../server/src/queue/jobs.js';
import { callbackJob as callbackJobShape, callbackJobId } from '../../../server/src/hotline/callbacks.js';
import { startTestTelephony, type TestTelephony } from '../test-support/test-telephony.js';
import type { CallScript } from '../test-support/esl-peer.js';
import { HotlineApi } from '../api/hotline-api.js';
import { FreeswitchControl } from '../esl/freeswitch-control.js';
import { CallbackCalls } from './callback-calls.js';
import { placeCallback } from './callback-job.js';

let t: TestTelephony;

beforeEach(async () => {
  t = await startTestTelephony();
  await t.telephony.freeswitch.ready();
  t.api.addCallback({ id: 7, caseId: 42, phoneNumber: '13800138000', resultText: '您反映的井盖问题已处理完毕。' });
});
afterEach(async () => {
  await t.stop();
});

/** Enqueues an attempt as the server does and waits for the worker to finish it. */
async function runAttempt(attemptNo: number, jobId = callbackJobId({ callbackId: 7, attemptNo })) {
  const bus = createJobBus(t.config.redisUrl, t.config.queuePrefix);
  const events = new QueueEvents(callbackJobShape.queue, { connection: connectionFrom(t.config.redisUrl), prefix: t.config.queuePrefix });
  await events.waitUntilReady();
  try {
    await bus.enqueue(callbackJobShape, { callbackId: 7, attemptNo }, { jobId });
    const job = await bus.queue(callbackJobShape.queue).getJob(jobId);
    await job!.waitUntilFinished(events, 20_000);
  } finally {
    await events.close();
    await bus.close();
  }
}

function answerWith(script: CallScript) {
  t.esl.originateAnswer = () => ({ answer: true, script });
}

describe('satisfaction callbacks (回访)', () => {
  it('calls the citizen, plays the result, and posts the rating keyed', async () => {
    answerWith({ keys: ['2'] });
    await runAttempt(1);

    expect(t.esl.originates).toHaveLength(1);
    const { dialString, app, variables } = t.esl.originates[0];
    expect(dialString).toBe('sofia/gateway/pstn/13800138000');
    expect(app).toBe(`&socket(127.0.0.1:${t.target.port} async full)`);
    expect(variables).toMatchObject({ origination_caller_id_number: '12319', originate_timeout: '45', hotline_callback_id: '7', hotline_attempt_no: '1' });
    const placed = t.esl.originatedCalls[0];
    await placed.closed;
    expect(placed.played().map((file) => file.split('/').at(-2) === 'spoken' ? 'result' : file.split('/').at(-1))).toEqual([
      'callback_intro.wav',
      'query_result.wav',
      'result',
      'callback_rating.wav',
      'callback_thanks.wav',
    ]);
    expect(t.api.callbacks.get(7)).toMatchObject({
      status: 'done',
      attempts: [{ attemptNo: 1, outcome: 'answered', rating: 'basically_satisfied', callId: placed.uuid }],
    });
  });

  it('records an unanswered attempt as no_answer, and a busy line as busy', async () => {
    t.esl.originateAnswer = () => ({ answer: false, cause: 'NO_ANSWER' });
    await runAttempt(1);
    t.esl.originateAnswer = () => ({ answer: false, cause: 'USER_BUSY' });
    await runAttempt(2);

    expect(t.api.callbacks.get(7)).toMatchObject({
      status: 'scheduled',
      attempts: [
        { attemptNo: 1, outcome: 'no_answer' },
        { attemptNo: 2, outcome: 'busy' },
      ],
    });
  });

  it('records an answered call without a valid key as answered without a rating', async () => {
    answerWith({ keys: ['7', null, '9'] });
    await runAttempt(1);

    expect(t.api.callbacks.get(7)!.attempts).toEqual([{ attemptNo: 1, outcome: 'answered', callId: t.esl.originatedCalls[0].uuid }]);
  });

  it('places one call for an attempt delivered twice', async () => {
    answerWith({ keys: ['1'] });
    await runAttempt(1);
    // A duplicate (another job for the same attempt, a redelivery) finds the attempt recorded.
    await runAttempt(1, 'callback-7-1-duplicate');

    expect(t.esl.originates).toHaveLength(1);
    expect(t.api.callbacks.get(7)).toMatchObject({ status: 'done', attempts: [{ attemptNo: 1, rating: 'satisfied' }] });
  });

  it('does not ring outside the allowed hours and puts the attempt back until they open', async () => {
    t.clock.set('2026-11-25T21:15:00+08:00');
    await runAttempt(1);

    expect(t.esl.originates).toHaveLength(0);
    const opening = new Date('2026-11-26T09:00:00+08:00').getTime();
    const bus = createJobBus(t.config.redisUrl, t.config.queuePrefix);
    const deferred = await bus.queue(callbackJobShape.queue).getJob(`callback-7-1-at-${opening}`);
    expect(deferred?.data).toEqual({ callbackId: 7, attemptNo: 1 });
    expect(deferred!.opts.delay).toBe(opening - t.clock.now().getTime());
    await bus.close();
  });

  it('fails the job (for BullMQ to retry) while FreeSWITCH is unreachable, posting nothing', async () => {
    await t.esl.stopInbound();
    const freeswitch = new FreeswitchControl(t.config.inboundSocket, t.config.retry, pino({ level: 'silent' }));
    const queue = new Queue(callbackJobShape.queue, { connection: connectionFrom(t.config.redisUrl), prefix: t.config.queuePrefix });
    const deps = { config: t.config, api: new HotlineApi(t.config.api), freeswitch, socketAddress: t.telephony.outboundAddress, calls: new CallbackCalls(), queue, clock: t.clock, logger: pino({ level: 'silent' }) };

    await expect(placeCallback(deps, { callbackId: 7, attemptNo: 1 })).rejects.toThrow(/not connected/);
    expect(t.api.callbacks.get(7)!.attempts).toEqual([]);
    await queue.close();
  });
});
