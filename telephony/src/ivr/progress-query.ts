/**
 * Progress query: the caller keys a case or ticket number and `#`; the server answers only for
 * the number that reported it, and the caller hears the stage (and the result once closed).
 */
import type { Progress } from '../api/hotline-api.js';
import { collectDigits, play, type CallContext } from './call-context.js';

const TRIES = 3;

/** Returns false when no number was keyed after three tries (the caller then goes to an agent). */
export async function queryProgress(call: CallContext): Promise<boolean> {
  let number: string | null = null;
  for (let attempt = 1; attempt <= TRIES && number === null; attempt++) {
    const input = await collectDigits(call, {
      min: 1,
      max: 20,
      prompt: [call.prompts.file('query_intro')],
      pattern: '^\\d{1,20}$',
      variable: `hotline_query_number_${attempt}`,
    });
    if ('digits' in input) number = input.digits;
    else if (attempt < TRIES) await play(call, input.failure === 'invalid' ? 'invalid' : 'no_input');
  }
  if (number === null) return false;

  let progress: Progress;
  try {
    progress = await call.api.progress(number, call.callerNumber);
  } catch (error) {
    call.logger.warn({ callId: call.channel.uuid, err: (error as Error).message }, 'progress query failed');
    await play(call, 'query_unavailable');
    return true;
  }
  if (!progress.found) {
    await play(call, 'query_not_found');
    return true;
  }
  await play(call, await progressSpeech(call, progress));
  return true;
}

/** "当前状态是" + the stage's prompt (or the server's sentence for a stage without one) + the result. */
async function progressSpeech(call: CallContext, progress: Extract<Progress, { found: true }>): Promise<string[]> {
  const stage = call.prompts.stage(progress.stage) ?? (await call.prompts.spoken(progress.stageText));
  const files = [call.prompts.file('query_stage'), stage];
  if (progress.resultText) files.push(call.prompts.file('query_result'), await call.prompts.spoken(progress.resultText));
  return files;
}
