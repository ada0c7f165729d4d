/**
 * Builds the admin console (admin/ → admin/dist) when the build is missing or older than what it
 * is made of: the newest modification time under admin/src, admin's config files and the server
 * modules the console imports as code, against a stamp written after each build. The stamp also
 * records the VITE_* settings (the map's tiles), so changing one rebuilds too.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const adminDir = path.join(root, 'admin');
const stampFile = path.join(adminDir, 'dist', '.build-stamp.json');

/** What the bundle is made of. The server folders hold the modules imported as code (labels, policies, coordinates). */
const SOURCES = ['admin/src', 'admin/index.html', 'admin/vite.config.ts', 'admin/package.json', 'server/src/workflow/transitions.ts', 'server/src/auth/policies.ts', 'server/src/grids/coordinates.ts', 'server/src/errors/app-error.ts'];

async function newestMtime(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const children = await readdir(entry);
  const times = await Promise.all(children.map((child) => newestMtime(path.join(entry, child))));
  return Math.max(info.mtimeMs, ...times);
}

function viteSettings(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('VITE_')).sort() as [string, string][]);
}

async function isFresh(settings: Record<string, string>): Promise<boolean> {
  const stamp = await readFile(stampFile, 'utf8').then(JSON.parse, () => null);
  if (!stamp || JSON.stringify(stamp.settings) !== JSON.stringify(settings)) return false;
  const times = await Promise.all(SOURCES.map((source) => newestMtime(path.join(root, source))));
  return Math.max(...times) <= stamp.builtAt;
}

/** Runs `vite build` in admin/ unless the last build is still current. Throws when the build fails. */
export async function ensureAdminBuild(log: (line: string) => void): Promise<void> {
  const settings = viteSettings();
  if (await isFresh(settings)) return;
  log('building the admin console (admin/dist)');
  const startedAt = Date.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(path.join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: adminDir, stdio: 'inherit' });
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
  if (code !== 0) throw new Error(`the admin console did not build (vite exited with ${code})`);
  // Sources saved while the build ran are newer than its start, so they trigger the next build.
  await writeFile(stampFile, JSON.stringify({ builtAt: startedAt, settings }));
  log(`admin console built in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
}
