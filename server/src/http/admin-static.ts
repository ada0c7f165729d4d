import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Next } from 'koa';
import { AppError } from '../errors/app-error.js';

/** Where `vite build` in admin/ writes the console (see scripts/lib/admin-build.ts). */
export const ADMIN_BUILD_DIR = fileURLToPath(new URL('../../../admin/dist/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the admin console at `/admin/` on the API's port. Files under `assets/` carry a content
 * hash in their names, so browsers keep them for a year; every other path is a client-side route
 * and gets index.html, which is never cached, so a new build is picked up on the next load.
 */
export function adminStatic(root: string = ADMIN_BUILD_DIR) {
  return async (ctx: Context, next: Next) => {
    if (ctx.path !== '/admin' && !ctx.path.startsWith('/admin/')) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === '/admin') return ctx.redirect('/admin/');
    const relative = ctx.path.slice('/admin/'.length);
    const file = path.resolve(root, relative);
    // A path that climbs out of the build (../) is treated as a route, never read.
    const inside = file.startsWith(root) && relative !== '';
    const isAsset = inside && relative.startsWith('assets/');
    if (isAsset && !(await isFile(file))) return next();
    const found = inside && (await isFile(file)) ? file : path.join(root, 'index.html');
    if (!(await isFile(found))) throw AppError.notFound('admin.not_built', 'the admin console is not built: `npm start` builds it into admin/dist');
    ctx.type = CONTENT_TYPES[path.extname(found)] ?? 'application/octet-stream';
    ctx.set('Cache-Control', isAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = await readFile(found);
  };
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then((info) => info.isFile(), () => false);
}
