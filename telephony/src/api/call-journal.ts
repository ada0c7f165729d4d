/**
 * What a call tells the server goes through a journal on disk first (one JSON-lines file per
 * call), then to the server in order, each step retried until accepted. A step is marked sent
 * once the server took it, and the file is removed when the call is fully delivered. After a
 * crash or restart, `recover` replays what is left: a recording that was under way becomes an
 * incomplete ticket and a call without its end gets one, so nothing captured is lost silently.
 */
import { mkdir, open, readdir, readFile, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../../../server/src/config/clock.js';
import { HotlineApiError, type CallEvent, type CallEventType, type CallStart, type HotlineApi } from './hotline-api.js';
import { readRecording } from './recording-file.js';
import { untilAccepted, type RetryPolicy } from './retry.js';

type Entry =
  | { kind: 'call'; call: CallStart }
  | { kind: 'event'; event: CallEvent }
  | { kind: 'recording'; path: string }
  | { kind: 'ticket'; path: string | null; complete: boolean }
  | { kind: 'sent'; ref: string };

export interface TicketResult {
  id: number;
  number: string;
}

export interface CallJournalDeps {
  dir: string;
  api: HotlineApi;
  retry: RetryPolicy;
  clock: Clock;
  logger: Logger;
}

export class CallJournal {
  constructor(private readonly deps: CallJournalDeps) {}

  /** Starts the record of a call: the journal file and, in the background, POST /calls. */
  async open(call: CallStart): Promise<CallRecord> {
    await mkdir(this.deps.dir, { recursive: true });
    const record = new CallRecord(this.deps, call.callId, 0);
    record.append({ kind: 'call', call });
    record.deliver('call', () => this.deps.api.registerCall(call));
    return record;
  }

  /** Replays every journal left by an earlier run; resolves when all of it was delivered. */
  async recover(): Promise<number> {
    await mkdir(this.deps.dir, { recursive: true });
    const files = (await readdir(this.deps.dir)).filter((name) => name.endsWith('.jsonl'));
    await Promise.all(files.map((name) => this.replay(name.slice(0, -'.jsonl'.length))));
    return files.length;
  }

  private async replay(callId: string): Promise<void> {
    const text = await readFile(journalPath(this.deps.dir, callId), 'utf8');
    // A line cut short by the crash is the last one and never marked sent: skip it.
    const entries = text.split('\n').flatMap((line) => (line ? [parse(line)].filter((entry): entry is Entry => entry !== null) : []));
    const sent = new Set(entries.flatMap((entry) => (entry.kind === 'sent' ? [entry.ref] : [])));
    const events = entries.flatMap((entry) => (entry.kind === 'event' ? [entry.event] : []));
    const record = new CallRecord(this.deps, callId, Math.max(0, ...events.map((event) => event.seq)));
    this.deps.logger.warn({ callId }, 'replaying the journal of a call interrupted by a restart');
    for (const entry of entries) {
      if (entry.kind === 'call' && !sent.has('call')) record.deliver('call', () => this.deps.api.registerCall(entry.call));
      if (entry.kind === 'event' && !sent.has(`event:${entry.event.seq}`)) record.deliverEvent(entry.event);
      if (entry.kind === 'ticket' && !sent.has('ticket')) void record.deliverTicket(entry.path, entry.complete);
    }
    const recording = entries.find((entry) => entry.kind === 'recording');
    if (recording && !entries.some((entry) => entry.kind === 'ticket')) void record.ticket(recording.path, false);
    if (!events.some((event) => event.type === 'ended')) record.event('ended', { cause: 'TELEPHONY_RESTART' });
    await record.finish();
  }
}

/** One call's journal and its ordered delivery to the server. */
export class CallRecord {
  private chain: Promise<unknown> = Promise.resolve();
  private writes: Promise<void> = Promise.resolve();
  /** Opened once per call: an open/close per line would cost the thread pool three calls each. */
  private file: Promise<FileHandle> | null = null;
  private ticketPromise: Promise<TicketResult | null> | null = null;

  constructor(
    private readonly deps: CallJournalDeps,
    readonly callId: string,
    private seq: number,
  ) {}

  /** Journals the next call event and queues it for the server. */
  event(type: CallEventType, detail?: Record<string, unknown>): void {
    const event: CallEvent = { seq: ++this.seq, type, at: this.deps.clock.now().toISOString(), ...(detail ? { detail } : {}) };
    this.append({ kind: 'event', event });
    this.deliverEvent(event);
  }

  /** Notes that FreeSWITCH is writing a recording for this call, so a crash still turns it into a ticket. */
  recordingStarted(recordingPath: string): void {
    this.append({ kind: 'recording', path: recordingPath });
  }

  /** The call's ticket (once per call): resolves with its number, or null when the server refused it. */
  ticket(recordingPath: string | null, complete: boolean): Promise<TicketResult | null> {
    if (!this.ticketPromise) {
      this.append({ kind: 'ticket', path: recordingPath, complete });
      this.ticketPromise = this.deliverTicket(recordingPath, complete);
    }
    return this.ticketPromise;
  }

  /** Resolves when everything journaled was delivered (or refused), then removes the journal. */
  async finish(): Promise<void> {
    await this.chain;
    await this.writes;
    await (await this.file)?.close();
    await unlink(journalPath(this.deps.dir, this.callId)).catch(() => undefined);
  }

  append(entry: Entry): void {
    const line = `${JSON.stringify(entry)}\n`;
    this.file ??= open(journalPath(this.deps.dir, this.callId), 'a');
    const file = this.file;
    this.writes = this.writes.then(async () => {
      await (await file).appendFile(line);
    });
  }

  deliverEvent(event: CallEvent): void {
    this.deliver(`event:${event.seq}`, () => this.deps.api.postEvent(this.callId, event));
  }

  deliverTicket(recordingPath: string | null, complete: boolean): Promise<TicketResult | null> {
    return this.deliver('ticket', async () => {
      const recording = recordingPath ? await readRecording(recordingPath) : { audio: null, durationMs: 0 };
      const body = await this.deps.api.postTicket(this.callId, { durationMs: recording.durationMs, complete, recording: recording.audio });
      return body.ticket;
    });
  }

  /** Sends after everything queued before it; journals `sent` only once the write that named it is on disk. */
  deliver<T>(ref: string, send: () => Promise<T>): Promise<T | null> {
    const step = this.chain.then(async () => {
      await this.writes;
      try {
        const result = await untilAccepted(send, this.deps.retry, (error, delayMs) =>
          this.deps.logger.warn({ callId: this.callId, ref, err: error.message, delayMs }, 'server did not take a call step; retrying'),
        );
        this.append({ kind: 'sent', ref });
        return result;
      } catch (error) {
        // Refused for good (a 4xx): retrying cannot help. Keep going so later steps still arrive.
        this.append({ kind: 'sent', ref });
        const status = error instanceof HotlineApiError ? error.status : 0;
        this.deps.logger.error({ callId: this.callId, ref, status, err: (error as Error).message }, 'server refused a call step');
        return null;
      }
    });
    this.chain = step;
    return step;
  }
}

function journalPath(dir: string, callId: string): string {
  return path.join(dir, `${callId.replace(/[^A-Za-z0-9-]/g, '_')}.jsonl`);
}

function parse(line: string): Entry | null {
  try {
    return JSON.parse(line) as Entry;
  } catch {
    return null;
  }
}
