import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { TestClock } from '../../../server/src/test-support/test-clock.js';
import { startHotlinePeer, type HotlinePeer } from '../test-support/hotline-peer.js';
import { CallJournal } from './call-journal.js';
import { HotlineApi } from './hotline-api.js';
import { buildWav } from '../../../server/src/test-support/wav.js';

let dir: string;
let peer: HotlinePeer;
let journal: CallJournal;
const clock = new TestClock('2026-11-25T10:00:00+08:00');

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'call-journal-'));
  peer = await startHotlinePeer();
  const api = new HotlineApi({ base: peer.base, token: peer.token, timeoutMs: 2000 });
  journal = new CallJournal({ dir, api, retry: { initialMs: 5, maxMs: 20 }, clock, logger: pino({ level: 'silent' }) });
});
afterEach(async () => {
  await peer.close();
  await rm(dir, { recursive: true, force: true });
});

const line = (entry: object) => `${JSON.stringify(entry)}\n`;

describe('the call journal after a restart', () => {
  it('delivers what a crashed run left: the call, its events, the recording as an incomplete ticket, and an end', async () => {
    const callId = '0f8a3c1e-1111-4222-8333-444455556666';
    const recording = path.join(dir, `${callId}.wav`);
    await writeFile(recording, buildWav(2200));
    const startedAt = '2026-11-25T02:00:00.000Z';
    await writeFile(
      path.join(dir, `${callId}.jsonl`),
      line({ kind: 'call', call: { callId, callerNumber: '13800138000', calledNumber: '12319', startedAt } }) +
        line({ kind: 'sent', ref: 'call' }) +
        line({ kind: 'event', event: { seq: 1, type: 'answered', at: startedAt } }) +
        line({ kind: 'sent', ref: 'event:1' }) +
        line({ kind: 'event', event: { seq: 2, type: 'menu', at: startedAt, detail: { choice: '1' } } }) +
        line({ kind: 'recording', path: recording }) +
        '{"kind":"sent","ref":"ev', // the line the crash cut short
    );
    // The server already had the call and its first event from the earlier run.
    peer.calls.set(callId, { callId, callerNumber: '13800138000', calledNumber: '12319', startedAt });

    await expect(journal.recover()).resolves.toBe(1);

    expect(peer.events.get(callId)!.map((event) => [event.seq, event.type, event.detail])).toEqual([
      [2, 'menu', { choice: '1' }],
      [3, 'ended', { cause: 'TELEPHONY_RESTART' }],
    ]);
    expect(peer.tickets.get(callId)).toMatchObject({ complete: false, durationMs: 2200 });
    expect(await readdir(dir)).toEqual([`${callId}.wav`]);
  });

  it('finishes a journal whose steps were all sent without posting anything twice', async () => {
    const record = await journal.open({ callId: 'call-a', callerNumber: '', calledNumber: '12319', startedAt: clock.now().toISOString() });
    record.event('answered');
    record.event('ended', { cause: 'NORMAL_CLEARING' });
    await record.finish();
    await expect(journal.recover()).resolves.toBe(0);

    expect(peer.events.get('call-a')!.map((event) => event.seq)).toEqual([1, 2]);
  });
});
