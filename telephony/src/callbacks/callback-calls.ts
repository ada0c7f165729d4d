/**
 * The satisfaction callback (回访) once the citizen answers: FreeSWITCH hands the originated call
 * to our socket server like any other; the channel variables name the callback and attempt, and
 * the job waiting for that attempt receives the citizen's rating.
 */
import type { Rating } from '../api/hotline-api.js';
import type { CallChannel } from '../esl/call-channel.js';
import { CallEnded } from '../esl/call-channel.js';
import { collectDigits, play, type Conversation, type IvrDeps } from '../ivr/call-context.js';

export const CALLBACK_ID_VARIABLE = 'hotline_callback_id';
export const ATTEMPT_NO_VARIABLE = 'hotline_attempt_no';

const RATINGS: Record<string, Rating> = { '1': 'satisfied', '2': 'basically_satisfied', '3': 'dissatisfied' };
const TRIES = 3;

export interface AnsweredCallback {
  callId: string;
  /** Absent when the citizen answered but keyed no valid rating. */
  rating?: Rating;
}

interface Expected {
  resultText: string;
  resolve(result: AnsweredCallback): void;
}

/** Attempts whose call was placed and whose answer is awaited, by `<callbackId>-<attemptNo>`. */
export class CallbackCalls {
  private readonly expected = new Map<string, Expected>();

  /** Registers an attempt before its call is placed (FreeSWITCH may connect before originate returns). */
  expect(callbackId: number, attemptNo: number, resultText: string): { answer: Promise<AnsweredCallback>; cancel(): void } {
    const key = `${callbackId}-${attemptNo}`;
    const answer = new Promise<AnsweredCallback>((resolve) => this.expected.set(key, { resultText, resolve }));
    return { answer, cancel: () => this.expected.delete(key) };
  }

  /** Runs an answered callback call: result, rating question, thanks. */
  async handle(channel: CallChannel, deps: IvrDeps): Promise<void> {
    const key = `${channel.variable(CALLBACK_ID_VARIABLE)}-${channel.variable(ATTEMPT_NO_VARIABLE)}`;
    const expected = this.expected.get(key);
    this.expected.delete(key);
    if (!expected) {
      // The job that placed this call is gone (we restarted): BullMQ retries it with a new call.
      deps.logger.warn({ callId: channel.uuid, key }, 'callback call without a waiting job; hanging up');
      await channel.close();
      return;
    }
    const call: Conversation = { ...deps, channel };
    let rating: Rating | undefined;
    try {
      await channel.execute('answer');
      await play(call, 'callback_intro', 'query_result', await deps.prompts.spoken(expected.resultText));
      rating = await askRating(call);
      if (rating) await play(call, 'callback_thanks');
    } catch (error) {
      if (!(error instanceof CallEnded)) deps.logger.error({ callId: channel.uuid, err: error }, 'callback step failed');
    } finally {
      await channel.close();
      expected.resolve({ callId: channel.uuid, ...(rating ? { rating } : {}) });
    }
  }
}

async function askRating(call: Conversation): Promise<Rating | undefined> {
  for (let attempt = 1; attempt <= TRIES; attempt++) {
    const input = await collectDigits(call, { min: 1, max: 1, prompt: [call.prompts.file('callback_rating')], pattern: '^[123]$', variable: `hotline_rating_${attempt}` });
    if ('digits' in input) return RATINGS[input.digits];
    if (attempt < TRIES) await play(call, input.failure === 'invalid' ? 'invalid' : 'no_input');
  }
  return undefined;
}
