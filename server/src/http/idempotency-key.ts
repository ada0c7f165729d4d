import { createHash } from 'node:crypto';
import Joi from 'joi';
import type { Context } from 'koa';
import { AppError } from '../errors/app-error.js';
import { validate } from './validate.js';

/** Client-chosen, per citizen: one per thing the client means to do once, resent on every retry. */
const idempotencyKeyHeader = Joi.object<{ 'idempotency-key': string }>({
  'idempotency-key': Joi.string().min(8).max(128).pattern(/^[A-Za-z0-9_.:-]+$/).required()
    .messages({ 'string.pattern.base': 'Idempotency-Key may contain only letters, digits and _.:-' }),
});

/**
 * The request's `Idempotency-Key`: 400 `<area>.idempotency_key_required` without one, so the
 * client learns which of its calls lacks it; 400 `request.invalid` for a malformed one.
 */
export function readIdempotencyKey(ctx: Context, area: string): string {
  if (!ctx.get('idempotency-key')) {
    throw AppError.badRequest(`${area}.idempotency_key_required`, 'Idempotency-Key header is required', [
      { field: 'Idempotency-Key', message: 'make one key per request you mean to happen once and resend it on every retry' },
    ]);
  }
  return validate(ctx, 'headers', idempotencyKeyHeader)['idempotency-key'];
}

/**
 * What a request under an Idempotency-Key asked for, to tell a retry (same fingerprint) from a
 * different request reusing the key: the validated values in a fixed order, hashed.
 */
export function requestFingerprint(values: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(values)).digest('hex');
}
