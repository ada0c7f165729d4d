import type { Context, Next } from 'koa';
import { AppError } from '../errors/app-error.js';

/**
 * Parses JSON bodies ourselves: a hard size limit, strict UTF-8 (bad bytes are a 400, not
 * mojibake in the database) and a clear error for malformed JSON. Multipart routes read the
 * stream themselves and skip this.
 */
export function jsonBody(limitBytes: number) {
  return async (ctx: Context, next: Next) => {
    if (!['POST', 'PUT', 'PATCH'].includes(ctx.method) || ctx.is('multipart')) return next();
    const declared = Number(ctx.get('content-length') || 0);
    if (declared > limitBytes) throw tooLarge(limitBytes);
    const raw = await readLimited(ctx, limitBytes);
    if (raw.length === 0) {
      ctx.request.body = {};
      return next();
    }
    if (!ctx.is('application/json')) {
      throw new AppError(415, 'request.unsupported_media_type', 'request body must be application/json');
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      throw AppError.badRequest('request.invalid_encoding', 'request body is not valid UTF-8');
    }
    try {
      ctx.request.body = JSON.parse(text);
    } catch {
      throw AppError.badRequest('request.invalid_json', 'request body is not valid JSON');
    }
    return next();
  };
}

function tooLarge(limitBytes: number) {
  return new AppError(413, 'request.too_large', `request body exceeds ${limitBytes} bytes`);
}

async function readLimited(ctx: Context, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of ctx.req) {
    total += (chunk as Buffer).length;
    if (total > limitBytes) throw tooLarge(limitBytes);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

declare module 'koa' {
  interface Request {
    body?: unknown;
  }
}
