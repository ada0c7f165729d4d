/**
 * `npm test`: type-checks the server, the admin console and the mini program, builds the console
 * and the mini program's H5 version when stale (the browser tests drive them), starts a
 * throwaway PostgreSQL and Redis (unless DATABASE_URL / REDIS_URL point at ones), prepares the
 * schema, taxonomy and demo city, runs every Jest test against them, and removes what it
 * started. Extra arguments go to Jest.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocalServices } from './lib/local-services.ts';
import { ADMIN_CONSOLE, MINIAPP_H5, ensureStaticBuild } from './lib/static-build.ts';
import { createDb } from '../server/src/db/database.ts';
import { prepareDatabase } from '../server/src/db/prepare.ts';
import { buildPrompts } from '../telephony/src/prompts/build-prompts.ts';
import { TEST_PROMPTS_DIR } from '../telephony/src/test-support/test-telephony.ts';

const log = (line: string) => console.log(`[test] ${line}`);

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const jestArgs = process.argv.slice(2);
// A focused run (`npm test -- server/src/photos`) skips the whole-project type-check.
if (jestArgs.length === 0) {
  log('type-checking');
  if ((await run('npx', ['tsc', '-p', 'tsconfig.json'])) !== 0) process.exit(1);
  if ((await run('npx', ['tsc', '-p', 'admin/tsconfig.json'])) !== 0) process.exit(1);
  if ((await run('npx', ['tsc', '-p', 'miniapp/tsconfig.json'])) !== 0) process.exit(1);
}
// The browser tests drive the console and the mini program's H5 version the server serves.
await ensureStaticBuild(ADMIN_CONSOLE, log);
await ensureStaticBuild(MINIAPP_H5, log);

// The telephony tests play the 12319 prompts: rebuilt (espeak-ng + sox) only when their text changed.
await buildPrompts(TEST_PROMPTS_DIR, log);

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'szcg-test-'));
// Started by root, PostgreSQL runs as user postgres, which must be able to enter the directory.
await chmod(dataDir, 0o755);
const local = await startLocalServices({ dataDir, database: 'szcg_test', log });
let code = 1;
try {
  const db = createDb(local.databaseUrl);
  await prepareDatabase(db, { demoCity: true });
  await db.destroy();
  log('database ready; running jest');
  const summaryFile = path.join(dataDir, 'jest-summary.json');
  code = await run('npx', ['jest', '--json', `--outputFile=${summaryFile}`, ...jestArgs], {
    ...process.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim(),
    DATABASE_URL: local.databaseUrl,
    REDIS_URL: local.redisUrl,
    DATA_DIR: dataDir,
  });
  const summary = JSON.parse(await readFile(summaryFile, 'utf8').catch(() => '{}'));
  // The plain closing line CI reads: counts, whatever the runner printed above.
  console.log(`jest: ${summary.numPassedTests ?? 0} passed, ${summary.numFailedTests ?? 0} failed, ${summary.numPendingTests ?? 0} skipped`);
} finally {
  await local.stop();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(code);
