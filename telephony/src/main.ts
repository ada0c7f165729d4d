/** Production entry of the telephony service: `node --import tsx telephony/src/main.ts`. */
import { systemClock } from '../../server/src/config/clock.js';
import { createLogger } from '../../server/src/config/logger.js';
import { loadTelephonyConfig, TelephonyConfigError, type TelephonyConfig } from './config.js';
import { runTelephony } from './telephony-service.js';

let config: TelephonyConfig;
try {
  config = loadTelephonyConfig();
} catch (error) {
  if (error instanceof TelephonyConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  throw error;
}
const telephony = await runTelephony(config, { clock: systemClock, logger: createLogger(config.logLevel) });
const shutdown = () => void telephony.stop().then(() => process.exit(0));
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
