/**
 * Production entry point: `SERVICES=api,worker` (default both) decides what this process runs.
 * Migrates and loads the taxonomy at boot (the demo city only in demo mode), and encrypts payout
 * phone numbers an older version stored plain.
 */
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { openServices, type Services } from './services.js';
import { prepareDatabase } from './db/prepare.js';
import { createApp } from './app.js';
import { startWorkers } from './workers.js';
import { protectPayoutPhones } from './settlement/protect-payout-phones.js';

export interface RunningPlatform {
  services: Services;
  url: string;
  stop(): Promise<void>;
}

/** Starts the configured entry points in this process and returns how to stop them. */
export async function runPlatform(config: Config): Promise<RunningPlatform> {
  const services = openServices(config);
  await prepareDatabase(services.db, { demoCity: config.demoMode });
  const protectedPhones = await protectPayoutPhones(services.db, config.personalData);
  if (protectedPhones > 0) services.logger.info({ rows: protectedPhones }, 'encrypted payout phone numbers stored plain by an older version');
  const stops: Array<() => Promise<void>> = [];
  let url = '';
  if (config.services.includes('worker')) {
    const workers = startWorkers(services);
    stops.push(() => workers.stop());
  }
  if (config.services.includes('api')) {
    const server = createApp(services).listen(config.port, config.host);
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
    url = `http://localhost:${config.port}`;
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  }
  services.logger.info({ services: config.services, url }, 'platform started');
  return {
    services,
    url,
    async stop() {
      for (const stop of stops.reverse()) await stop();
      await services.close();
    },
  };
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const platform = await runPlatform(config);
  const shutdown = () => void platform.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
