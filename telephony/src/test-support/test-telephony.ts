/**
 * The telephony service as tests run it: the real service on free ports, against an ESL peer
 * (FreeSWITCH) and a hotline peer (the server's contract), with a TestClock and its own queue
 * prefix, journal and recordings directories.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { TestClock } from '../../../server/src/test-support/test-clock.js';
import { loadTelephonyConfig, type TelephonyConfig } from '../config.js';
import { runTelephony, type RunningTelephony } from '../telephony-service.js';
import { EslPeer } from './esl-peer.js';
import { startHotlinePeer, type HotlinePeer } from './hotline-peer.js';

/** Built once for every run (scripts/test.ts builds them when stale), shared by the tests. */
export const TEST_PROMPTS_DIR = fileURLToPath(new URL('../../../var/telephony/prompts', import.meta.url));

export interface TestTelephony {
  telephony: RunningTelephony;
  config: TelephonyConfig;
  esl: EslPeer;
  api: HotlinePeer;
  clock: TestClock;
  /** Where FreeSWITCH's outbound socket connects. */
  target: { host: string; port: number };
  stop(): Promise<void>;
}

export async function startTestTelephony(options: { env?: Record<string, string>; clock?: TestClock } = {}): Promise<TestTelephony> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'telephony-test-'));
  const esl = new EslPeer();
  const inboundPort = await esl.listenInbound({ password: 'ClueCon' });
  const api = await startHotlinePeer();
  // Wednesday 10:00 Beijing time: agents are in, callbacks allowed.
  const clock = options.clock ?? new TestClock('2026-11-25T10:00:00+08:00');
  const config = loadTelephonyConfig({
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `telephony-test-${path.basename(dir)}`,
    DATA_DIR: dir,
    TELEPHONY_PROMPTS_DIR: TEST_PROMPTS_DIR,
    ESL_OUTBOUND_PORT: '0',
    ESL_INBOUND_PORT: String(inboundPort),
    TELEPHONY_API_BASE: api.base,
    TELEPHONY_API_TOKEN: api.token,
    TELEPHONY_RETRY_INITIAL_MS: '5',
    TELEPHONY_RETRY_MAX_MS: '50',
    ...options.env,
  });
  const telephony = await runTelephony(config, { clock, logger: pino({ level: 'silent' }) });
  const [host, port] = telephony.outboundAddress.split(':');
  return {
    telephony,
    config,
    esl,
    api,
    clock,
    target: { host, port: Number(port) },
    async stop() {
      await telephony.stop();
      await esl.close();
      await api.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
