import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CallScript } from '../test-support/esl-peer.js';
import { startTestTelephony, type TestTelephony } from '../test-support/test-telephony.js';

let t: TestTelephony;

beforeEach(async () => {
  t = await startTestTelephony();
});
afterEach(async () => {
  await t.stop();
});

/** Places one call and waits until the service has delivered all of it. */
async function call(script: CallScript) {
  const placed = await t.esl.call(t.target, { callerNumber: '13800138000', ...script });
  await placed.closed;
  await t.telephony.ivr.idle();
  const events = t.api.events.get(placed.uuid) ?? [];
  return { placed, events, played: placed.played().map((file) => (file.startsWith('tone_stream') ? 'beep' : path.basename(file, '.wav'))) };
}

const prompt = (id: string) => path.join(t.config.promptsDir, `${id}.wav`);

describe('the 12319 IVR', () => {
  it('records a report after 1, files it as a ticket and reads its number digit by digit', async () => {
    const { placed, events, played } = await call({ keys: ['1'], recording: { ms: 4000, ending: 'terminator' } });

    expect(t.api.calls.get(placed.uuid)).toMatchObject({ callId: placed.uuid, callerNumber: '13800138000', calledNumber: '12319' });
    expect(events.map((event) => [event.seq, event.type, event.detail])).toEqual([
      [1, 'answered', undefined],
      [2, 'menu', { choice: '1' }],
      [3, 'ended', { cause: 'NORMAL_CLEARING' }],
    ]);
    const ticket = t.api.tickets.get(placed.uuid)!;
    expect(ticket).toMatchObject({ complete: true, durationMs: 4000, number: '2511230001' });
    const recordApp = placed.executed.find((app) => app.app === 'record')!;
    expect(recordApp.arg).toBe(`${path.join(t.config.recordingsDir, '2026-11-25', `${placed.uuid}.wav`)} 120 200 5`);
    expect(ticket.recording!.equals(await readFile(recordApp.arg.split(' ')[0]))).toBe(true);
    const digits = ['digit_2', 'digit_5', 'digit_1', 'digit_1', 'digit_2', 'digit_3', 'digit_0', 'digit_0', 'digit_0', 'digit_1'];
    expect(played).toEqual(['welcome', 'menu', 'report_intro', 'beep', 'report_saved', ...digits, 'report_saved_repeat', ...digits, 'goodbye']);
    expect(placed.executed.at(-1)).toEqual({ app: 'hangup', arg: 'NORMAL_CLEARING' });
  });

  it('files what was captured as an incomplete ticket when the caller hangs up while recording', async () => {
    const { placed, events } = await call({ keys: ['1'], recording: { ms: 1500, ending: 'hangup' } });

    expect(t.api.tickets.get(placed.uuid)).toMatchObject({ complete: false, durationMs: 1500 });
    expect(t.api.tickets.get(placed.uuid)!.recording!.length).toBe(44 + 1500 * 16);
    expect(events.at(-1)).toMatchObject({ type: 'ended', detail: { cause: 'NORMAL_CLEARING' } });
    // Nothing is played to a caller who is gone.
    expect(placed.executed.filter((app) => app.app === 'playback').at(-1)?.arg).toContain('tone_stream');
  });

  it('files an incomplete ticket when FreeSWITCH drops the call socket mid-recording', async () => {
    const { placed, events } = await call({ keys: ['1'], dropAt: { app: 'record' } });

    // The socket went away before FreeSWITCH finished the file: whatever it held (here nothing) is posted.
    expect(t.api.tickets.get(placed.uuid)).toMatchObject({ complete: false, durationMs: 0, recording: null });
    expect(events.at(-1)).toMatchObject({ type: 'ended', detail: { cause: 'SOCKET_CLOSED' } });
  });

  it('repeats the menu twice after a wrong key and no key, then transfers to an agent', async () => {
    const { events, played } = await call({ keys: ['5', null, '9'], agent: { answers: true, agent: '1000' } });

    expect(events.map((event) => [event.type, event.detail])).toEqual([
      ['answered', undefined],
      ['menu', { choice: 'invalid' }],
      ['menu', { choice: 'timeout' }],
      ['menu', { choice: 'invalid' }],
      ['queued', { target: 'user/1000' }],
      ['agent_answered', { agent: '1000' }],
      ['ended', { cause: 'NORMAL_CLEARING' }],
    ]);
    expect(played).toEqual(['welcome', 'menu', 'invalid', 'menu', 'no_input', 'menu', 'invalid', 'transfer']);
  });

  it('bridges 0 to the configured agent target', async () => {
    const { placed, events } = await call({ keys: ['0'], agent: { answers: true, agent: '1001' } });

    expect(placed.executed).toContainEqual({ app: 'bridge', arg: 'user/1000' });
    expect(placed.executed).toContainEqual({ app: 'set', arg: 'hangup_after_bridge=true' });
    expect(events.map((event) => event.type)).toEqual(['answered', 'menu', 'queued', 'agent_answered', 'ended']);
    expect(t.api.tickets.size).toBe(0);
  });

  it('lets the caller leave a message when no agent answers', async () => {
    const { placed, events, played } = await call({ keys: ['0'], agent: { answers: false, cause: 'NO_ANSWER' }, recording: { ms: 2000, ending: 'silence' } });

    const ticket = t.api.tickets.get(placed.uuid)!;
    expect(ticket).toMatchObject({ complete: true, durationMs: 2000 });
    expect(events.map((event) => [event.type, event.detail])).toEqual([
      ['answered', undefined],
      ['menu', { choice: '0' }],
      ['queued', { target: 'user/1000' }],
      ['message_left', { ticketId: ticket.id }],
      ['ended', { cause: 'NORMAL_CLEARING' }],
    ]);
    expect(played).toContain('agents_unavailable');
    expect(played).toContain('message_saved');
  });

  it('takes a message instead of transferring outside agent hours', async () => {
    t.clock.set('2026-11-25T22:30:00+08:00');
    const { placed, events, played } = await call({ keys: ['0'], recording: { ms: 2500, ending: 'silence' } });

    expect(placed.executed.some((app) => app.app === 'bridge')).toBe(false);
    expect(played).toContain('after_hours');
    expect(events.map((event) => event.type)).toEqual(['answered', 'menu', 'message_left', 'ended']);
    expect(t.api.tickets.get(placed.uuid)).toMatchObject({ complete: true, durationMs: 2500 });
    expect(placed.executed.find((app) => app.app === 'record')!.arg).toContain(path.join('2026-11-25', placed.uuid));
  });

  it('routes to agents through mod_callcenter when the target is a queue', async () => {
    await t.stop();
    t = await startTestTelephony({ env: { TELEPHONY_AGENT_TARGET: 'callcenter:agents@default' } });
    const { placed, events } = await call({ keys: ['0'], agent: { answers: true, agent: '1002' } });

    expect(placed.executed).toContainEqual({ app: 'callcenter', arg: 'agents@default' });
    expect(events.find((event) => event.type === 'agent_answered')!.detail).toEqual({ agent: '1002@default' });
  });

  it('speaks the stage and result of a case to the number that reported it', async () => {
    t.api.addCase({ number: '2511230007', callerNumber: '13800138000', kind: 'ticket', stage: 'closed', stageText: '已结案', resultText: '井盖已更换。' });
    const { placed, played } = await call({ keys: ['2', '2511230007'] });

    expect(t.api.progressQueries).toEqual([{ number: '2511230007', callerNumber: '13800138000' }]);
    const spoken = played.slice(played.indexOf('query_stage'));
    expect(spoken.slice(0, 3)).toEqual(['query_stage', 'stage_closed', 'query_result']);
    // The result is the server's sentence, synthesized once into a real 8 kHz WAV.
    const resultFile = placed.played().find((file) => file.includes(`${path.sep}spoken${path.sep}`))!;
    expect((await readFile(resultFile)).readUInt32LE(24)).toBe(8000);
  });

  it('tells a caller whose number did not report the case that nothing was found', async () => {
    t.api.addCase({ number: '2511230007', callerNumber: '13900000000', kind: 'case', stage: 'dispatched', stageText: '处置中' });
    const { played } = await call({ keys: ['2', '2511230007'] });

    expect(played).toContain('query_not_found');
    expect(played).not.toContain('stage_dispatched');
  });

  it('keeps retrying call events while the server is unavailable, losing none', async () => {
    t.api.failNext(6);
    const { events } = await call({ keys: ['1'], recording: { ms: 1000, ending: 'terminator' } });

    expect(events.map((event) => event.seq)).toEqual([1, 2, 3]);
  });

  it('plays real prompt files built from prompts.json', async () => {
    const wav = await readFile(prompt('menu'));
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt16LE(22)).toBe(1);
    expect(wav.readUInt32LE(24)).toBe(8000);
  });
});
