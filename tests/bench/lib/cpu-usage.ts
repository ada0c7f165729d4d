/**
 * Where the cores went during a span, from Linux /proc: the API, PostgreSQL, Redis and the bench
 * client share the machine's cores, so this shows what bounds throughput (and whether anything
 * else on the machine took a share).
 */
import { readdirSync, readFileSync } from 'node:fs';

type Role = 'api' | 'postgres' | 'redis' | 'bench' | 'other';

interface CpuSnapshot {
  /** utime + stime of every live process, by pid. */
  processes: Map<number, { role: Role; ticks: number }>;
  busyTicks: number;
  allTicks: number;
}

// USER_HZ, fixed at 100 on every Linux architecture Node supports.
const TICKS_PER_SECOND = 100;
const ROLES: Role[] = ['api', 'postgres', 'redis', 'bench', 'other'];

/** The processes whose descendants make up each role (PostgreSQL and Redis: where the bench started them). */
export interface CpuRoots {
  api: number;
  postgres?: number;
  redis?: number;
}

/** A reading of /proc, or undefined where there is none (not Linux). */
export function readCpu(roots: CpuRoots): CpuSnapshot | undefined {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return undefined;
  }
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const pid of pids) {
    const stat = readStat(pid);
    if (stat) stats.set(pid, stat); // else exited meanwhile
  }
  const processes: CpuSnapshot['processes'] = new Map();
  for (const [pid, { ticks }] of stats) processes.set(pid, { role: roleOf(pid, stats, roots), ticks });
  const counters = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const allTicks = counters.reduce((sum, value) => sum + value, 0);
  return { processes, busyTicks: allTicks - counters[3] - counters[4], allTicks }; // minus idle, iowait
}

/** CPU milliseconds (user and system) one process has used, or undefined where /proc cannot tell. */
export function processCpuMs(pid: number): number | undefined {
  const stat = readStat(pid);
  return stat && (stat.ticks * 1000) / TICKS_PER_SECOND;
}

function readStat(pid: number): { parent: number; ticks: number } | undefined {
  const stat = readQuietly(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // Fields after the command name start at field 3 (state): ppid is 4, utime and stime 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/**
 * "api 0.91, postgres 0.72, … cores; machine busy 97 %" between two readings `seconds` apart.
 * Processes that exited in between are missing; those started in between count in full.
 */
export function describeCpu(before: CpuSnapshot | undefined, after: CpuSnapshot | undefined, seconds: number): string {
  if (!before || !after) return 'n/a (no /proc)';
  const ticks = Object.fromEntries(ROLES.map((role) => [role, 0])) as Record<Role, number>;
  for (const [pid, { role, ticks: now }] of after.processes) ticks[role] += now - (before.processes.get(pid)?.ticks ?? 0);
  const cores = ROLES.map((role) => `${role} ${(ticks[role] / TICKS_PER_SECOND / seconds).toFixed(2)}`);
  const busy = (after.busyTicks - before.busyTicks) / (after.allTicks - before.allTicks);
  return `${cores.join(', ')} cores; machine busy ${(busy * 100).toFixed(0)} %`;
}

/**
 * By ancestry, so other PostgreSQL or Redis servers on the machine count as `other`: the API and
 * its children; our postmaster and its backends (pg_ctl started it in a session of its own, so
 * it is no child of the bench); our Redis; the bench itself.
 */
function roleOf(pid: number, stats: Map<number, { parent: number }>, roots: CpuRoots): Role {
  if (pid === process.pid) return 'bench';
  for (let ancestor: number | undefined = pid; ancestor !== undefined && ancestor > 1; ancestor = stats.get(ancestor)?.parent) {
    if (ancestor === roots.api) return 'api';
    if (ancestor === roots.postgres) return 'postgres';
    if (ancestor === roots.redis) return 'redis';
  }
  return 'other';
}

function readQuietly(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
