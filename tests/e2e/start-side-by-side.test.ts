/**
 * `npm start` as a newcomer runs it (scripts/start.ts, after the set-up script): two instances
 * side by side with their own PORT and DATA_DIR start their own PostgreSQL, Redis and 12319
 * socket without colliding, keep their data apart, stop everything they started on Ctrl-C (a
 * SIGINT to the whole process group, as the terminal sends it), and a second start on the same
 * DATA_DIR finds the data of the first. One DATA_DIR serves one instance at a time; an instance
 * killed outright leaves its PostgreSQL and Redis running, and the next start stops them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort, isAlive } from '../../scripts/lib/host.js';
import { buildJpeg } from '../../server/src/test-support/factories.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const READY_LINE = 'Ctrl-C stops everything started here.';
const START_TIMEOUT_MS = 150_000;
// A spot in the demo city (龙岗区) whose grid lookup the banner prints.
const SPOT = { lat: 22.72, lng: 114.245 };

interface Platform {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** What it printed, for the banner and for a failure's message. */
  output: string[];
  exitCode: Promise<number | null>;
}

/** Runs scripts/start.ts in its own process group, the way a terminal runs `npm start`. */
function spawnStart(port: number, dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, NODE_OPTIONS: '', LOG_LEVEL: 'warn' };
  // This run's own PostgreSQL and Redis are not theirs: each instance starts its own.
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const lines = new EventEmitter<{ line: [string] }>();
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      output.push(line);
      lines.emit('line', line);
    });
  }
  // 'close': its output is all read by then.
  const exitCode = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output, lines, exitCode };
}

/** Starts an instance and waits for its banner. */
async function startPlatform(port: number, dataDir: string): Promise<Platform> {
  const { child, output, lines, exitCode } = spawnStart(port, dataDir);
  const ready = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => line.includes(READY_LINE) && resolve());
    void exitCode.then((code) => reject(new Error(`npm start exited with ${code} before it was ready:\n${output.join('\n')}`)));
  });
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not ready in time:\n${output.join('\n')}`)), START_TIMEOUT_MS).unref());
  try {
    await Promise.race([ready, timeout]);
  } catch (error) {
    signalGroup(child, 'SIGKILL');
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, dataDir, child, output, exitCode };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

function groupAlive(child: ChildProcess): boolean {
  return isAlive(-child.pid!);
}

/** The ports of the PostgreSQL and Redis the instance started, as it logged them. */
function localServicePorts(platform: Platform): number[] {
  return [/PostgreSQL \(embedded\) on \S+@127\.0\.0\.1:(\d+)\//, /Redis on redis:\/\/127\.0\.0\.1:(\d+)/].map((pattern) => {
    const match = platform.output.map((line) => pattern.exec(line)).find(Boolean);
    if (!match) throw new Error(`${pattern} not logged:\n${platform.output.join('\n')}`);
    return Number(match[1]);
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Ctrl-C: SIGINT to every process of the group; answers the exit code. */
async function pressCtrlC(platform: Platform): Promise<number | null> {
  signalGroup(platform.child, 'SIGINT');
  return platform.exitCode;
}

function bannerLine(platform: Platform, label: string): string {
  const line = platform.output.find((l) => l.trimStart().startsWith(label));
  if (!line) throw new Error(`no "${label}" line in the banner:\n${platform.output.join('\n')}`);
  return line.trim().slice(label.length).trim();
}

async function call(platform: Platform, pathname: string, init: { method?: string; token?: string; json?: unknown; form?: FormData; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(platform.url + pathname, {
    method: init.method ?? (init.json !== undefined || init.form ? 'POST' : 'GET'),
    headers,
    body: init.form ?? (init.json !== undefined ? JSON.stringify(init.json) : undefined),
  });
  return { status: response.status, body: await response.json() };
}

async function demoCitizen(platform: Platform, name: string): Promise<string> {
  const login = await call(platform, '/api/v1/auth/wechat', { json: { code: `demo-${name}` } });
  expect(login.status).toBe(200);
  return login.body.token;
}

async function reportRubbish(platform: Platform, token: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await buildJpeg())], { type: 'image/jpeg' }), 'rubbish.jpg');
  const photo = await call(platform, '/api/v1/photos', { token, form });
  expect(photo.status).toBe(201);
  const { body } = await call(platform, '/api/v1/categories');
  const category = body.categories.find((c: { name: string }) => c.name === '暴露垃圾');
  return call(platform, '/api/v1/reports', {
    token,
    headers: { 'idempotency-key': randomUUID() },
    json: { categoryCode: category.code, ...SPOT, coordSystem: 'wgs84', description: '路边垃圾堆了两天', photoIds: [photo.body.photo.id] },
  });
}

let dirs: string[] = [];
const running: Platform[] = [];

beforeEach(async () => {
  dirs = await Promise.all([0, 1].map(() => mkdtemp(path.join(os.tmpdir(), 'szcg-start-'))));
  // As root, the embedded PostgreSQL runs as user postgres, who must enter its data directory.
  await Promise.all(dirs.map((dir) => chmod(dir, 0o755)));
});
afterEach(async () => {
  // A failed test's instances: Ctrl-C, then Ctrl-C again (stop at once; PostgreSQL and Redis
  // still stop on exit: they run in sessions of their own, which a SIGKILL here would orphan).
  for (const platform of running.splice(0)) {
    signalGroup(platform.child, 'SIGINT');
    setTimeout(() => signalGroup(platform.child, 'SIGINT'), 20_000).unref();
    await platform.exitCode;
  }
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

test(
  'two instances side by side, each with its own data; Ctrl-C stops all; a restart reuses the data',
  async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const [a, b] = await Promise.all([startPlatform(portA, dirs[0]), startPlatform(portB, dirs[1])]);
    running.push(a, b);

    for (const platform of [a, b]) {
      expect((await call(platform, '/healthz')).body).toEqual({ status: 'ok' });
      const grid = await call(platform, `/api/v1/grids/lookup?lat=${SPOT.lat}&lng=${SPOT.lng}`);
      expect(grid.status).toBe(200);
      expect(grid.body.district.name).toBe('龙岗区');
      expect(bannerLine(platform, 'Data')).toBe(platform.dataDir);
    }
    // The 12319 socket FreeSWITCH's dialplan points at: one instance has it, the other a free port.
    expect(bannerLine(a, '12319 IVR')).not.toBe(bannerLine(b, '12319 IVR'));

    // One citizen's report on A is A's alone.
    const tokenA = await demoCitizen(a, 'side-by-side');
    const report = await reportRubbish(a, tokenA);
    expect(report.status).toBe(201);
    expect((await call(a, '/api/v1/reports/mine', { token: tokenA })).body.reports).toHaveLength(1);
    const tokenB = await demoCitizen(b, 'side-by-side');
    expect((await call(b, '/api/v1/reports/mine', { token: tokenB })).body.reports).toEqual([]);

    const services = [...localServicePorts(a), ...localServicePorts(b)];
    expect(new Set(services).size).toBe(4);
    const exits = await Promise.all([pressCtrlC(a), pressCtrlC(b)]);
    expect(exits).toEqual([0, 0]);
    running.splice(0);
    // Nothing of either is left running: no process of theirs, no PostgreSQL, no Redis.
    expect([groupAlive(a.child), groupAlive(b.child)]).toEqual([false, false]);
    expect(await Promise.all(services.map(listening))).toEqual([false, false, false, false]);
    // The drain ran before PostgreSQL stopped: no connection of the platform was cut under it.
    expect([...a.output, ...b.output].filter((line) => line.includes('connection lost'))).toEqual([]);

    const again = await startPlatform(portA, dirs[0]);
    running.push(again);
    const token = await demoCitizen(again, 'side-by-side');
    const mine = await call(again, '/api/v1/reports/mine', { token });
    expect(mine.body.reports.map((r: { id: number }) => r.id)).toEqual([report.body.report.id]);
    expect(await pressCtrlC(again)).toBe(0);
    running.splice(0);
  },
  3 * START_TIMEOUT_MS,
);

test(
  'one DATA_DIR, one instance: a second start on it is refused; after a kill -9 the next start stops what was left and finds the data',
  async () => {
    const port = await freePort();
    const first = await startPlatform(port, dirs[0]);
    running.push(first);
    const token = await demoCitizen(first, 'killed-outright');
    const report = await reportRubbish(first, token);
    expect(report.status).toBe(201);

    const second = spawnStart(await freePort(), dirs[0]);
    expect(await second.exitCode).not.toBe(0);
    expect(second.output.join('\n')).toContain(`${dirs[0]} is in use by process ${first.child.pid}`);
    expect((await call(first, '/healthz')).body).toEqual({ status: 'ok' });

    // Killed outright: nothing of it runs its shutdown, and its PostgreSQL and Redis stay up.
    const leftOver = localServicePorts(first);
    first.child.kill('SIGKILL');
    await first.exitCode;
    running.splice(0);
    expect(await Promise.all(leftOver.map(listening))).toEqual([true, true]);

    const next = await startPlatform(port, dirs[0]);
    running.push(next);
    expect(next.output.join('\n')).toMatch(/stopping the PostgreSQL an instance killed outright left running/);
    expect(next.output.join('\n')).toMatch(/stopping the Redis an instance killed outright left running/);
    expect(await Promise.all(leftOver.map(listening))).toEqual([false, false]);
    const mine = await call(next, '/api/v1/reports/mine', { token: await demoCitizen(next, 'killed-outright') });
    expect(mine.body.reports.map((r: { id: number }) => r.id)).toEqual([report.body.report.id]);
    expect(await pressCtrlC(next)).toBe(0);
    running.splice(0);
  },
  3 * START_TIMEOUT_MS,
);
