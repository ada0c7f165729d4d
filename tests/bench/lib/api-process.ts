/** The API as production runs it: `server/src/main.ts` in its own Node process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ApiProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;

/**
 * Spawns the platform with `env` added to ours and waits until `GET /healthz` answers 200. Its
 * output goes to our stderr, prefixed, so a warning the server logs shows next to the figures.
 * With `BENCH_CPU_PROF_DIR` set, the API writes a V8 CPU profile there when it stops (Node
 * refuses `--cpu-prof` in NODE_OPTIONS).
 */
export async function startApiProcess(options: { cwd: string; port: number; env: Record<string, string> }): Promise<ApiProcess> {
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', 'server/src/main.ts'], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, PORT: String(options.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => process.stderr.write(`[server] ${line}\n`));
  }
  const url = `http://127.0.0.1:${options.port}`;
  const api = { url, pid: child.pid!, stop: () => stopChild(child) };
  try {
    await waitUntilHealthy(url, child);
  } catch (error) {
    await api.stop();
    throw error;
  }
  return api;
}

async function waitUntilHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode} before it was healthy`);
    const healthy = await fetch(`${url}/healthz`).then(
      async (response) => (await response.arrayBuffer(), response.status === 200),
      () => false,
    );
    if (healthy) return;
    await sleep(250);
  }
  throw new Error(`the API was not healthy within ${READY_TIMEOUT_MS / 1000} s`);
}

/** SIGTERM (the platform drains and exits), SIGKILL if it has not after a grace period. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
