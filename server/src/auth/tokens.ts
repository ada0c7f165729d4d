import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Context, Next } from 'koa';
import { AppError } from '../errors/app-error.js';
import type { Clock } from '../config/clock.js';

/** Who is calling. Staff actors arrive with the workflow. */
export type Actor = { kind: 'citizen'; citizenId: number };

interface TokenClaims {
  sub: string;
  kind: Actor['kind'];
}

/**
 * The HMAC key as a KeyObject: given a plain string, jsonwebtoken first tries (and fails) to
 * parse it as a public key on every verify, a tenth of the API's CPU under load.
 */
const keys = new Map<string, KeyObject>();
function hmacKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

/** Signs a bearer token for an actor; `exp` is counted from the injected clock. */
export function issueToken(actor: Actor, secret: string, ttlSeconds: number, clock: Clock): string {
  const iat = Math.floor(clock.now().getTime() / 1000);
  const claims: TokenClaims & { iat: number; exp: number } = {
    sub: String(actor.citizenId),
    kind: actor.kind,
    iat,
    exp: iat + ttlSeconds,
  };
  return jwt.sign(claims, hmacKey(secret), { algorithm: 'HS256' });
}

function readToken(token: string, secret: string, clock: Clock): Actor {
  try {
    const claims = jwt.verify(token, hmacKey(secret), {
      algorithms: ['HS256'],
      clockTimestamp: Math.floor(clock.now().getTime() / 1000),
    }) as TokenClaims;
    if (claims.kind !== 'citizen') throw new Error('unknown actor kind');
    return { kind: 'citizen', citizenId: Number(claims.sub) };
  } catch (error) {
    const expired = error instanceof jwt.TokenExpiredError;
    throw new AppError(401, expired ? 'auth.token_expired' : 'auth.invalid_token', expired ? 'token has expired' : 'token is not valid');
  }
}

/** Reads a bearer token when one is sent; routes that need an actor call `requireCitizen`. */
export function authenticate(secret: string, clock: Clock) {
  return async (ctx: Context, next: Next) => {
    const header = ctx.get('authorization');
    if (header) {
      const match = /^Bearer (\S+)$/.exec(header);
      if (!match) throw new AppError(401, 'auth.invalid_token', 'Authorization must be "Bearer <token>"');
      ctx.state.actor = readToken(match[1], secret, clock);
    }
    return next();
  };
}

export function requireCitizen(ctx: Context): number {
  const actor = ctx.state.actor as Actor | undefined;
  if (!actor) throw AppError.unauthorized();
  return actor.citizenId;
}
