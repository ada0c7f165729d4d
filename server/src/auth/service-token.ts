/**
 * Service-to-service access: the telephony service calls the hotline's internal endpoints with
 * one shared bearer token (TELEPHONY_API_TOKEN), not a staff or citizen JWT.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import { AppError } from '../errors/app-error.js';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Throws 401 `auth.service_token_invalid` unless the request carries the telephony token. Both
 * sides are hashed first, so the comparison takes the same time whatever the length sent.
 */
export function requireTelephony(ctx: Context, expectedToken: string): void {
  const match = /^Bearer (\S+)$/.exec(ctx.get('authorization'));
  if (!match || !timingSafeEqual(digest(match[1]), digest(expectedToken))) {
    throw new AppError(401, 'auth.service_token_invalid', 'the telephony service token is missing or wrong');
  }
}

/** `requireTelephony` as router middleware. */
export function telephonyOnly(expectedToken: string) {
  return async (ctx: Context, next: Next) => {
    requireTelephony(ctx, expectedToken);
    return next();
  };
}
