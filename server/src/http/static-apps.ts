import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Next } from 'koa';
import { AppError } from '../errors/app-error.js';

/** Where `vite build` in admin/ writes the console (see scripts/lib/static-build.ts). */
export const ADMIN_BUILD_DIR = fileURLToPath(new URL('../../../admin/dist/', import.meta.url));
/** Where `taro build --type h5` in miniapp/ writes the mini program's web version. */
export const H5_BUILD_DIR = fileURLToPath(new URL('../../../miniapp/dist/h5/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticApp {
  /** The URL prefix, without the trailing slash: `/admin`. */
  mount: string;
  /** The build output. */
  root: string;
  /** Folders of the build whose file names carry a content hash (with a trailing slash). */
  hashedDirs: string[];
  /** What a request gets while nothing is built yet. */
  notBuilt: { code: string; message: string };
}

/**
 * Serves a single-page app's build on the API's port. Files under its hashed folders carry a
 * content hash in their names, so browsers keep them for a year; every other path is a
 * client-side route and gets index.html, which is never cached, so a new build is picked up on
 * the next load.
 */
export function serveStaticApp({ mount, root, hashedDirs, notBuilt }: StaticApp) {
  return async (ctx: Context, next: Next) => {
    if (ctx.path !== mount && !ctx.path.startsWith(`${mount}/`)) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === mount) return ctx.redirect(`${mount}/`);
    const relative = ctx.path.slice(mount.length + 1);
    const file = path.resolve(root, relative);
    // A path that climbs out of the build (../) is treated as a route, never read.
    const inside = file.startsWith(root) && relative !== '';
    const isAsset = inside && hashedDirs.some((dir) => relative.startsWith(dir));
    if (isAsset && !(await isFile(file))) return next();
    const found = inside && (await isFile(file)) ? file : path.join(root, 'index.html');
    if (!(await isFile(found))) throw AppError.notFound(notBuilt.code, notBuilt.message);
    ctx.type = CONTENT_TYPES[path.extname(found)] ?? 'application/octet-stream';
    ctx.set('Cache-Control', isAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = await readFile(found);
  };
}

/** The admin console at `/admin/` (Vite puts hashed files under assets/). */
export function adminStatic(root: string = ADMIN_BUILD_DIR) {
  return serveStaticApp({
    mount: '/admin',
    root,
    hashedDirs: ['assets/'],
    notBuilt: { code: 'admin.not_built', message: 'the admin console is not built: `npm start` builds it into admin/dist' },
  });
}

/** 市民随手拍's H5 build at `/h5/` (Taro puts hashed files under js/, css/ and static/). */
export function h5Static(root: string = H5_BUILD_DIR) {
  return serveStaticApp({
    mount: '/h5',
    root,
    hashedDirs: ['js/', 'css/', 'static/'],
    notBuilt: { code: 'h5.not_built', message: 'the mini program\'s H5 version is not built: `npm start` builds it into miniapp/dist/h5' },
  });
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then((info) => info.isFile(), () => false);
}
