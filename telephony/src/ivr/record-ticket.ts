/**
 * Report by phone (and messages out of hours): a prompt, a beep, a recording of up to two minutes
 * that silence ends, then a hotline ticket holding it. The journal knows about the recording
 * before FreeSWITCH starts writing it, so a hangup (or our own crash) mid-message still ends in
 * a ticket with what was captured, marked incomplete.
 */
import { mkdir } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import path from 'node:path';
import { readRecording } from '../api/recording-file.js';
import type { TicketResult } from '../api/call-journal.js';
import { CallEnded } from '../esl/call-channel.js';
import { BEEP, play, type CallContext } from './call-context.js';

/** How long the caller waits for the ticket number before hearing it will be told later. */
const TICKET_WAIT_MS = 8000;

export type RecordOutcome = { kind: 'ticket'; ticket: TicketResult } | { kind: 'pending' } | { kind: 'nothing_recorded' } | { kind: 'hung_up' };

/** Records a message after `introPrompt` and files it as the call's ticket. */
export async function recordTicket(call: CallContext, introPrompt: string): Promise<RecordOutcome> {
  const file = await recordingPath(call);
  await play(call, introPrompt, BEEP);
  const { maxSeconds, silenceThreshold, silenceSeconds } = call.config.recording;
  call.record.recordingStarted(file);
  try {
    await call.channel.execute('set', 'playback_terminators=#');
    await call.channel.execute('record', `${file} ${maxSeconds} ${silenceThreshold} ${silenceSeconds}`);
  } catch (error) {
    if (!(error instanceof CallEnded)) throw error;
    // The socket went away mid-recording: file what FreeSWITCH wrote so far.
    void call.record.ticket(file, false);
    throw error;
  }
  if (call.channel.hungUp) {
    const captured = await readRecording(file);
    if (captured.audio) void call.record.ticket(file, false);
    return { kind: 'hung_up' };
  }
  const captured = await readRecording(file);
  if (!captured.audio) return { kind: 'nothing_recorded' };
  const ticket = await Promise.race([call.record.ticket(file, true), delay(TICKET_WAIT_MS, null, { ref: false })]);
  return ticket ? { kind: 'ticket', ticket } : { kind: 'pending' };
}

/** Speaks the ticket number digit by digit, twice: callers write it down. */
export async function speakTicketNumber(call: CallContext, firstPrompt: string, number: string): Promise<void> {
  const digits = call.prompts.digits(number);
  await play(call, firstPrompt, digits, 'report_saved_repeat', digits);
}

/** Recordings by Beijing date, one file per call: `<dir>/2026-11-23/<uuid>.wav`. */
async function recordingPath(call: CallContext): Promise<string> {
  const beijingDate = new Date(call.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const dir = path.join(call.config.recordingsDir, beijingDate);
  await mkdir(dir, { recursive: true });
  return path.join(dir, `${call.channel.uuid}.wav`);
}
