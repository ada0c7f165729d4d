/**
 * `npm run bench:ivr`: the 12319 IVR under load. The telephony service runs as its own process
 * (its production entry, telephony/src/main.ts) and takes calls from the ESL peer (FreeSWITCH's
 * wire format) 200 at a time, posting to the hotline peer (the server's contract), which refuses
 * a burst of requests mid-run as a restarting server would. Prints calls/s, the time from a key
 * press to the next prompt (p50/p99) and lost call events (must be 0), against a baseline
 * measured in the same run: the bare ESL round trip of a no-op `set` through the same socket
 * server in a process of its own. It asserts nothing, but exits non-zero when an event was lost.
 *
 *   --calls=N  (or BENCH_CALLS)  calls to place, default 1,000
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import { freePort } from '../../scripts/lib/host.js';
import { buildPrompts } from '../../telephony/src/prompts/build-prompts.js';
import { EslPeer, type CallScript, type PeerCall } from '../../telephony/src/test-support/esl-peer.js';
import { startHotlinePeer, type HotlinePeer } from '../../telephony/src/test-support/hotline-peer.js';
import { TEST_PROMPTS_DIR } from '../../telephony/src/test-support/test-telephony.js';
import { withBenchServices } from './lib/bench-services.js';
import { readCountOptions } from './lib/count-options.js';
import { formatSummary, int, summarize } from './lib/percentiles.js';

const CONCURRENCY = 200;
/** Round trips per baseline call: about as many steps as an IVR call. */
const BASELINE_STEPS = 8;
/** Requests the server refuses (503) once a third of the calls were placed. */
const SERVER_HICCUP = 100;
const log = (line: string) => console.log(`[bench] ${line}`);

const { calls: totalCalls } = readCountOptions({ calls: { fallback: 1_000, env: 'BENCH_CALLS' } });

/** The mix a hotline sees: 40 % reports, 40 % progress queries, 20 % agent transfers. */
function scriptFor(index: number): { script: CallScript; expectedEvents: number } {
  const callerNumber = `138${String(index % 100).padStart(8, '0')}`;
  if (index % 5 < 2) return { script: { callerNumber, keys: ['1'], recording: { ms: 2000, ending: 'terminator' } }, expectedEvents: 3 };
  if (index % 5 < 4) return { script: { callerNumber, keys: ['2', caseNumber(index % 100)] }, expectedEvents: 3 };
  return { script: { callerNumber, keys: ['0'], agent: { answers: true, agent: '1000' } }, expectedEvents: 5 };
}

const caseNumber = (index: number) => `25112${String(index).padStart(5, '0')}`;

/** A child process on the repository's TypeScript entry, logging warnings to our stderr. */
function startProcess(entry: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function listening(port: number): Promise<void> {
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(true)).once('error', () => resolve(false));
      socket.once('connect', () => socket.destroy());
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** SIGTERM: the process stops taking calls, delivers the ones under way, and exits. */
function stopped(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}

/** Places `count` calls keeping CONCURRENCY in flight. */
async function drive(count: number, place: (index: number) => Promise<PeerCall>) {
  const calls: PeerCall[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  const lane = async () => {
    for (let index = next++; index < count; index = next++) {
      const call = await place(index);
      calls.push(call);
      await call.closed;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return { calls, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Events the calls should have produced that the server does not hold, in order from seq 1. */
function lostEvents(api: HotlinePeer, expected: Map<string, number>): number {
  let lost = 0;
  for (const [callId, count] of expected) {
    const received = api.events.get(callId) ?? [];
    const contiguous = received.filter((event, index) => event.seq === index + 1).length;
    lost += Math.max(0, count - contiguous);
  }
  return lost;
}

await withBenchServices({ database: 'szcg_bench_ivr', log }, async (local, dataDir) => {
  const esl = new EslPeer();
  const api = await startHotlinePeer();
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < 100; i++) {
      api.addCase({ number: caseNumber(i), callerNumber: `138${String(i).padStart(8, '0')}`, kind: 'ticket', stage: 'closed', stageText: '已结案', resultText: '问题已处理完毕。' });
    }
    await buildPrompts(TEST_PROMPTS_DIR, log);
    const inboundPort = await esl.listenInbound({ password: 'ClueCon' });

    const barePort = await freePort();
    const bare = startProcess('tests/bench/lib/bare-esl-server.ts', { BARE_ESL_PORT: String(barePort), BARE_ESL_STEPS: String(BASELINE_STEPS) });
    children.push(bare);
    await listening(barePort);
    log(`baseline: ${int(totalCalls)} calls of ${BASELINE_STEPS} no-op round trips, ${CONCURRENCY} at a time`);
    const baseline = await drive(totalCalls, () => esl.call({ host: '127.0.0.1', port: barePort }));
    await stopped(bare);

    const ivrPort = await freePort();
    const telephony = startProcess('telephony/src/main.ts', {
      LOG_LEVEL: 'warn',
      REDIS_URL: local.redisUrl,
      DATA_DIR: dataDir,
      TELEPHONY_PROMPTS_DIR: TEST_PROMPTS_DIR,
      ESL_OUTBOUND_PORT: String(ivrPort),
      ESL_INBOUND_PORT: String(inboundPort),
      TELEPHONY_API_BASE: api.base,
      TELEPHONY_API_TOKEN: api.token,
      TELEPHONY_RETRY_INITIAL_MS: '20',
      TELEPHONY_RETRY_MAX_MS: '500',
    });
    children.push(telephony);
    await listening(ivrPort);
    log(`IVR: ${int(totalCalls)} calls (40 % report, 40 % progress query, 20 % agent), ${CONCURRENCY} at a time; the server refuses ${SERVER_HICCUP} requests mid-run`);
    const expected = new Map<string, number>();
    const ivr = await drive(totalCalls, async (index) => {
      if (index === Math.floor(totalCalls / 3)) api.failNext(SERVER_HICCUP);
      const { script, expectedEvents } = scriptFor(index);
      const call = await esl.call({ host: '127.0.0.1', port: ivrPort }, script);
      expected.set(call.uuid, expectedEvents);
      return call;
    });
    await stopped(telephony);

    const baselineSteps = summarize(baseline.calls.flatMap((call) => call.stepMs));
    const keyToPrompt = summarize(ivr.calls.flatMap((call) => call.keyToPromptMs));
    const lost = lostEvents(api, expected);
    console.log(`
  IVR benchmark (${int(totalCalls)} calls, ${CONCURRENCY} concurrent, one telephony process, ${os.cpus().length} cores shared with the peers)
    baseline: bare ESL round trip (no-op set)   ${formatSummary(baselineSteps)}   ${(totalCalls / baseline.seconds).toFixed(1)} calls/s
    IVR: key press → next prompt                ${formatSummary(keyToPrompt)}
    IVR: calls/s                                ${(totalCalls / ivr.seconds).toFixed(1)} (${int(totalCalls)} calls in ${ivr.seconds.toFixed(1)} s)
    p99 ratio IVR / baseline                    ${(keyToPrompt.p99 / baselineSteps.p99).toFixed(1)}×
    tickets filed                               ${int(api.tickets.size)}
    lost call events                            ${int(lost)} (must be 0)
`);
    if (lost > 0) process.exitCode = 1;
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await esl.close();
    await api.close();
  }
});
