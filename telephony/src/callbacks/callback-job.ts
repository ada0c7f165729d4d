/**
 * The worker side of the `hotline-callbacks` queue (the server enqueues `callback` jobs when a
 * hotline case closes): fetch the callback, call the citizen within the allowed hours, ask for
 * the rating and post the attempt. A repeated job (BullMQ redelivery, a duplicate enqueue) finds
 * the attempt already recorded and places no second call.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Clock } from '../../../server/src/config/clock.js';
import type { JobDefinition } from '../../../server/src/queue/jobs.js';
import { callbackJob as callbackJobShape, callbackJobId, type CallbackJobPayload } from '../../../server/src/hotline/callbacks.js';
import type { CallbackAttempt, HotlineApi } from '../api/hotline-api.js';
import { untilAccepted } from '../api/retry.js';
import type { TelephonyConfig } from '../config.js';
import type { FreeswitchControl } from '../esl/freeswitch-control.js';
import { isWithin, nextAllowedMoment } from '../ivr/office-hours.js';
import { ATTEMPT_NO_VARIABLE, CALLBACK_ID_VARIABLE, type CallbackCalls } from './callback-calls.js';

export interface CallbackJobDeps {
  config: TelephonyConfig;
  api: HotlineApi;
  freeswitch: FreeswitchControl;
  /** Our outbound-socket server as FreeSWITCH reaches it (host:port), where answered callbacks go. */
  socketAddress: string;
  calls: CallbackCalls;
  /** The queue itself, to put a job that arrived outside the allowed hours back until they open. */
  queue: Queue;
  clock: Clock;
  logger: Logger;
}

/** How long an answered callback may last before the attempt is recorded without a rating. */
const ANSWER_TIMEOUT_MS = 5 * 60_000;

export function callbackJob(deps: CallbackJobDeps): JobDefinition<CallbackJobPayload> {
  return { ...callbackJobShape, handle: (payload) => placeCallback(deps, payload) };
}

export async function placeCallback(deps: CallbackJobDeps, { callbackId, attemptNo }: CallbackJobPayload): Promise<void> {
  const callback = await deps.api.callback(callbackId);
  if (callback.status !== 'scheduled' || callback.attempts >= attemptNo) {
    deps.logger.info({ callbackId, attemptNo, status: callback.status, attempts: callback.attempts }, 'callback attempt already settled; no call placed');
    return;
  }
  const now = deps.clock.now();
  if (!isWithin(deps.config.callback.hours, now)) return deferUntilOpen(deps, { callbackId, attemptNo }, now);

  const expected = deps.calls.expect(callbackId, attemptNo, callback.resultText);
  let attempt: CallbackAttempt;
  try {
    const result = await deps.freeswitch.originate(dialString(deps.config, callback.phoneNumber, callbackId, attemptNo), `&socket(${deps.socketAddress} async full)`);
    if (result.answered) {
      const answer = await Promise.race([expected.answer, delay(ANSWER_TIMEOUT_MS, null, { ref: false })]);
      attempt = { attemptNo, outcome: 'answered', callId: result.uuid, ...(answer?.rating ? { rating: answer.rating } : {}) };
    } else {
      attempt = { attemptNo, outcome: outcomeOf(result.cause) };
    }
  } finally {
    expected.cancel();
  }
  const posted = await untilAccepted(() => deps.api.postAttempt(callbackId, attempt), deps.config.retry);
  deps.logger.info({ callbackId, attemptNo, outcome: attempt.outcome, rating: attempt.rating, status: posted.callback.status }, 'callback attempt recorded');
}

/** Outside the hours: the same attempt again at the next opening (a deterministic id, so deferring twice queues it once). */
async function deferUntilOpen(deps: CallbackJobDeps, payload: CallbackJobPayload, now: Date): Promise<void> {
  const opening = nextAllowedMoment(now, deps.config.callback.hours);
  const jobId = `${callbackJobId(payload)}-at-${opening.getTime()}`;
  await deps.queue.add(callbackJobShape.name, payload, { jobId, delay: opening.getTime() - now.getTime() });
  deps.logger.info({ ...payload, opening }, 'callback outside the allowed hours; deferred');
}

/** `{vars}sofia/gateway/pstn/138…`: our caller ID, ring time, and the callback the call belongs to. */
function dialString(config: TelephonyConfig, phoneNumber: string, callbackId: number, attemptNo: number): string {
  const variables = [
    `origination_caller_id_number=${config.callback.callerIdNumber}`,
    `origination_caller_id_name=${config.callback.callerIdNumber}`,
    `originate_timeout=${config.callback.ringSeconds}`,
    'ignore_early_media=true',
    `${CALLBACK_ID_VARIABLE}=${callbackId}`,
    `${ATTEMPT_NO_VARIABLE}=${attemptNo}`,
  ];
  return `{${variables.join(',')}}${config.callback.dialTemplate.replace('{number}', phoneNumber.replace(/\D/g, ''))}`;
}

function outcomeOf(cause: string): CallbackAttempt['outcome'] {
  if (cause === 'USER_BUSY') return 'busy';
  if (['NO_ANSWER', 'NO_USER_RESPONSE', 'ORIGINATOR_CANCEL', 'CALL_REJECTED', 'ALLOTTED_TIMEOUT'].includes(cause)) return 'no_answer';
  return 'failed';
}
