/**
 * The IVR benchmark's baseline, run as its own process like the telephony service: the same
 * outbound-socket server (modesl), each call only a loop of no-op `set` round trips.
 * Env: BARE_ESL_PORT, BARE_ESL_STEPS. SIGTERM waits for the calls under way, then exits.
 */
import pino from 'pino';
import { IvrServer } from '../../../telephony/src/ivr/ivr-server.js';

const steps = Number(process.env.BARE_ESL_STEPS ?? 8);
const server = await IvrServer.listen(
  { host: '127.0.0.1', port: Number(process.env.BARE_ESL_PORT) },
  async (channel) => {
    for (let step = 0; step < steps; step++) await channel.execute('set', `bench_step=${step}`);
    await channel.close();
  },
  pino({ level: 'warn' }),
);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
