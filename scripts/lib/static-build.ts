/**
 * Builds a static app (the admin console, the mini program's H5 version) when its build is
 * missing or older than what it is made of: the newest modification time under its sources
 * (including the server modules it imports as code or as types), against a stamp written after
 * each build. The stamp also records the build's settings (environment variables), so changing
 * one rebuilds too.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { isAlive } from './host.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface StaticAppBuild {
  /** What the log calls it. */
  name: string;
  /** The workspace folder the build command runs in. */
  dir: string;
  /** Its build output, relative to root; the stamp is written there. */
  outDir: string;
  /** What the bundle is made of, relative to root. */
  sources: string[];
  /** The build command (from node_modules/.bin) and its arguments. */
  command: string;
  args: string[];
  /** Environment variables that change the bundle. */
  settingPrefix: string;
}

export const ADMIN_CONSOLE: StaticAppBuild = {
  name: 'the admin console (admin/dist)',
  dir: 'admin',
  outDir: 'admin/dist',
  // The server files are the modules imported as code (labels, policies, coordinates).
  sources: ['admin/src', 'admin/index.html', 'admin/vite.config.ts', 'admin/package.json', 'server/src/workflow/transitions.ts', 'server/src/auth/policies.ts', 'server/src/grids/coordinates.ts', 'server/src/errors/app-error.ts'],
  command: 'vite',
  args: ['build', '--logLevel', 'warn'],
  settingPrefix: 'VITE_',
};

export const MINIAPP_H5: StaticAppBuild = {
  name: '市民随手拍 H5 (miniapp/dist/h5)',
  dir: 'miniapp',
  outDir: 'miniapp/dist/h5',
  sources: ['miniapp/src', 'miniapp/config', 'miniapp/babel.config.cjs', 'miniapp/package.json', 'server/src/grids/coordinates.ts'],
  command: 'taro',
  args: ['build', '--type', 'h5'],
  settingPrefix: 'TARO_APP_',
};

/** The weapp build (for WeChat DevTools); not served, but built by the size check the same way. */
export const MINIAPP_WEAPP: StaticAppBuild = { ...MINIAPP_H5, name: '市民随手拍 weapp (miniapp/dist/weapp)', outDir: 'miniapp/dist/weapp', args: ['build', '--type', 'weapp'] };

async function newestMtime(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const children = await readdir(entry);
  const times = await Promise.all(children.map((child) => newestMtime(path.join(entry, child))));
  return Math.max(info.mtimeMs, ...times);
}

function settingsOf(app: StaticAppBuild): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith(app.settingPrefix)).sort() as [string, string][]);
}

function stampFile(app: StaticAppBuild): string {
  return path.join(root, app.outDir, '.build-stamp.json');
}

async function isFresh(app: StaticAppBuild, settings: Record<string, string>): Promise<boolean> {
  const stamp = await readFile(stampFile(app), 'utf8').then(JSON.parse, () => null);
  if (!stamp || JSON.stringify(stamp.settings) !== JSON.stringify(settings)) return false;
  const times = await Promise.all(app.sources.map((source) => newestMtime(path.join(root, source))));
  return Math.max(...times) <= stamp.builtAt;
}

/**
 * Runs the app's build command. Resolves with its exit code and, when `quiet`, its output (the
 * bundler's progress) instead of printing it as it comes.
 */
export function runBuild(app: StaticAppBuild, { env = process.env, quiet = false } = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(root, 'node_modules/.bin', app.command), app.args, { cwd: path.join(root, app.dir), stdio: quiet ? 'pipe' : 'inherit', env });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('exit', (exitCode, signal) => resolve({ code: exitCode ?? (signal ? 1 : 0), output }));
  });
}

/**
 * Builds the app unless its last build is still current. Throws when the build fails. Two
 * instances started side by side from one clone build it once: the second waits for the first's
 * build and finds it current.
 */
export async function ensureStaticBuild(app: StaticAppBuild, log: (line: string) => void): Promise<void> {
  const settings = settingsOf(app);
  if (await isFresh(app, settings)) return;
  await holdingBuildLock(app, log, async () => {
    if (await isFresh(app, settings)) return;
    log(`building ${app.name}`);
    const startedAt = Date.now();
    const { code } = await runBuild(app);
    if (code !== 0) throw new Error(`${app.name} did not build (${app.command} exited with ${code})`);
    // Sources saved while the build ran are newer than its start, so they trigger the next build.
    await writeFile(stampFile(app), JSON.stringify({ builtAt: startedAt, settings }));
    log(`${app.name} built in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  });
}

/** A lock whose holder never wrote its pid (it died in between) is taken over after this long. */
const PIDLESS_LOCK_MS = 30_000;
const LOCK_POLL_MS = 500;

/**
 * Runs `work` holding the app's build lock, a directory (mkdir either creates it or fails, for
 * every process at once) naming its holder's pid. The build empties its output directory first,
 * so two builds at once would delete each other's files. A lock whose holder has died is taken over.
 */
async function holdingBuildLock(app: StaticAppBuild, log: (line: string) => void, work: () => Promise<void>): Promise<void> {
  const lock = path.join(root, 'node_modules/.cache/static-builds', `${app.outDir.replaceAll('/', '-')}.lock`);
  await mkdir(path.dirname(lock), { recursive: true });
  let told = false;
  while (!(await tryCreate(lock))) {
    if (await isAbandoned(lock)) {
      await rm(lock, { recursive: true, force: true });
      continue;
    }
    if (!told) log(`waiting for another instance building ${app.name}`);
    told = true;
    await sleep(LOCK_POLL_MS);
  }
  try {
    await writeFile(path.join(lock, 'pid'), String(process.pid));
    await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function tryCreate(dir: string): Promise<boolean> {
  try {
    await mkdir(dir);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function isAbandoned(lock: string): Promise<boolean> {
  const pid = Number(await readFile(path.join(lock, 'pid'), 'utf8').catch(() => ''));
  if (!pid) {
    const info = await stat(lock).catch(() => null);
    return info !== null && Date.now() - info.mtimeMs > PIDLESS_LOCK_MS;
  }
  return !isAlive(pid);
}
