/** What every step of a call needs: the channel, its journal record, the prompts and the settings. */
import type { Logger } from 'pino';
import type { Clock } from '../../../server/src/config/clock.js';
import type { HotlineApi } from '../api/hotline-api.js';
import type { CallRecord } from '../api/call-journal.js';
import type { TelephonyConfig } from '../config.js';
import type { CallChannel } from '../esl/call-channel.js';
import { sequence, type PromptLibrary } from '../prompts/prompt-library.js';

export interface IvrDeps {
  config: TelephonyConfig;
  api: HotlineApi;
  prompts: PromptLibrary;
  clock: Clock;
  logger: Logger;
}

/** A call the IVR speaks to. */
export interface Conversation extends IvrDeps {
  channel: CallChannel;
}

/** A citizen's call to 12319, recorded for the server. */
export interface CallContext extends Conversation {
  record: CallRecord;
  /** Digits only; empty for a withheld number. */
  callerNumber: string;
}

/** The beep before a recording: 500 ms of 800 Hz. */
export const BEEP = 'tone_stream://%(500,0,800)';

/** Plays prompts (ids or files) in one playback. */
export async function play(call: Conversation, ...items: Array<string | string[]>): Promise<void> {
  const files = items.flat().map((item) => (item.includes('/') ? item : call.prompts.file(item)));
  await call.channel.execute('playback', sequence(files));
}

export interface DigitsRequest {
  min: number;
  max: number;
  /** Prompt files played while waiting (a key press interrupts them). */
  prompt: string[];
  /** Accepted input, a regular expression FreeSWITCH applies. */
  pattern: string;
  variable: string;
}

/** One try of play_and_get_digits: the digits, or why there are none ('invalid' or 'timeout'). */
export async function collectDigits(call: Conversation, request: DigitsRequest): Promise<{ digits: string } | { failure: 'invalid' | 'timeout' }> {
  const timeoutMs = call.config.menuTimeoutSeconds * 1000;
  const args = [request.min, request.max, 1, timeoutMs, '#', sequence(request.prompt), 'silence_stream://250', request.variable, request.pattern, timeoutMs];
  const completion = await call.channel.execute('play_and_get_digits', args.join(' '));
  const digits = completion.getHeader(`variable_${request.variable}`) ?? '';
  if (digits && new RegExp(request.pattern).test(digits)) return { digits };
  return { failure: completion.getHeader(`variable_${request.variable}_invalid`) ? 'invalid' : 'timeout' };
}
