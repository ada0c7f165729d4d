import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Context, Next } from 'koa';
import { AppError } from '../errors/app-error.js';
import type { Clock } from '../config/clock.js';
import type { Db } from '../db/database.js';
import type { StaffRole } from '../db/schema.js';

export interface CitizenActor {
  kind: 'citizen';
  citizenId: number;
}

/** A signed-in staff member as of this request: roles and unit are read fresh from the database. */
export interface StaffActor {
  kind: 'staff';
  staffId: number;
  sessionId: string;
  username: string;
  name: string;
  roles: StaffRole[];
  departmentCode: string | null;
}

/** Who is calling. */
export type Actor = CitizenActor | StaffActor;

type TokenSubject = { kind: 'citizen'; citizenId: number } | { kind: 'staff'; staffId: number; sessionId: string };

interface TokenClaims {
  sub: string;
  kind: Actor['kind'];
  /** The staff session a staff token belongs to. */
  sid?: string;
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

/** Signs a bearer token; `exp` is counted from the injected clock. */
export function issueToken(subject: TokenSubject, secret: string, ttlSeconds: number, clock: Clock): string {
  const iat = Math.floor(clock.now().getTime() / 1000);
  const claims: TokenClaims & { iat: number; exp: number } =
    subject.kind === 'citizen'
      ? { sub: String(subject.citizenId), kind: 'citizen', iat, exp: iat + ttlSeconds }
      : { sub: String(subject.staffId), kind: 'staff', sid: subject.sessionId, iat, exp: iat + ttlSeconds };
  return jwt.sign(claims, hmacKey(secret), { algorithm: 'HS256' });
}

function invalidToken(message = 'token is not valid') {
  return new AppError(401, 'auth.invalid_token', message);
}

/**
 * Tokens whose signature this process has checked, with their expiry: a phone sends the same
 * token with every request, and checking its signature again took 11 µs of the event loop each
 * time. The expiry is still compared with the clock on every request.
 */
const verifiedTokens = new Map<string, { secret: string; subject: TokenSubject; exp: number }>();
const VERIFIED_TOKENS_KEPT = 10_000;

function readToken(token: string, secret: string, clock: Clock): TokenSubject {
  const nowSeconds = Math.floor(clock.now().getTime() / 1000);
  const known = verifiedTokens.get(token);
  if (known?.secret === secret) {
    if (nowSeconds >= known.exp) throw tokenExpired();
    return known.subject;
  }
  let claims: TokenClaims & { exp?: number };
  try {
    claims = jwt.verify(token, hmacKey(secret), { algorithms: ['HS256'], clockTimestamp: nowSeconds }) as TokenClaims & { exp?: number };
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) throw tokenExpired();
    throw invalidToken();
  }
  const subject = subjectOf(claims);
  if (verifiedTokens.size >= VERIFIED_TOKENS_KEPT) verifiedTokens.clear();
  if (typeof claims.exp === 'number') verifiedTokens.set(token, { secret, subject, exp: claims.exp });
  return subject;
}

function subjectOf(claims: TokenClaims): TokenSubject {
  if (claims.kind === 'citizen') return { kind: 'citizen', citizenId: Number(claims.sub) };
  if (claims.kind === 'staff' && claims.sid) return { kind: 'staff', staffId: Number(claims.sub), sessionId: claims.sid };
  throw invalidToken();
}

function tokenExpired() {
  return new AppError(401, 'auth.token_expired', 'token has expired');
}

/** The staff member behind a live session, or an error saying why the session is over. */
async function loadStaffActor(db: Db, subject: { staffId: number; sessionId: string }, now: Date): Promise<StaffActor> {
  const row = await db
    .selectFrom('staffSessions')
    .innerJoin('staff', 'staff.id', 'staffSessions.staffId')
    .select(['staff.id', 'staff.username', 'staff.name', 'staff.roles', 'staff.departmentCode', 'staff.disabledAt', 'staffSessions.endedAt', 'staffSessions.expiresAt'])
    .where('staffSessions.id', '=', subject.sessionId)
    .where('staffSessions.staffId', '=', subject.staffId)
    .executeTakeFirst();
  if (!row || row.disabledAt) throw invalidToken();
  if (row.endedAt) throw new AppError(401, 'auth.session_ended', 'this session has been logged out');
  if (row.expiresAt <= now) throw tokenExpired();
  return {
    kind: 'staff',
    staffId: row.id,
    sessionId: subject.sessionId,
    username: row.username,
    name: row.name,
    roles: row.roles,
    departmentCode: row.departmentCode,
  };
}

/** Reads a bearer token when one is sent; routes that need an actor call `requireCitizen` or `requireStaff`. */
export function authenticate(secret: string, clock: Clock, db: Db) {
  return async (ctx: Context, next: Next) => {
    const header = ctx.get('authorization');
    if (header) {
      const match = /^Bearer (\S+)$/.exec(header);
      if (!match) throw new AppError(401, 'auth.invalid_token', 'Authorization must be "Bearer <token>"');
      const subject = readToken(match[1], secret, clock);
      ctx.state.actor = subject.kind === 'citizen' ? subject : await loadStaffActor(db, subject, clock.now());
    }
    return next();
  };
}

export function currentActor(ctx: Context): Actor {
  const actor = ctx.state.actor as Actor | undefined;
  if (!actor) throw AppError.unauthorized();
  return actor;
}

export function requireCitizen(ctx: Context): number {
  const actor = currentActor(ctx);
  if (actor.kind !== 'citizen') throw AppError.forbidden('auth.citizens_only', 'this endpoint is for citizens signed in with WeChat');
  return actor.citizenId;
}

export function requireStaff(ctx: Context): StaffActor {
  const actor = currentActor(ctx);
  if (actor.kind !== 'staff') throw AppError.forbidden('auth.staff_only', 'this endpoint is for staff accounts');
  return actor;
}
