import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.js';
import { spendVerifyTime, verifyPassword } from '../auth/passwords.js';
import { issueToken } from '../auth/tokens.js';
import type { Trx } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { Services } from '../services.js';
import { findStaffCredentials, findStaffProfile, insertStaffSession, updateStaffRow, type StaffCredentials } from './staff-queries.js';

interface Props {
  username: string;
  password: string;
  ip: string;
}

/** One login attempt: what was sent, and when it is decided. */
interface Attempt extends Props {
  now: Date;
}

type FailureReason = 'unknown_user' | 'disabled' | 'locked' | 'wrong_password';

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** China keeps one offset all year, so +08:00 is exact. */
function beijingTime(instant: Date): string {
  return `${new Date(instant.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** The same answer for an unknown username, a wrong password and a disabled account: nothing to enumerate. */
function invalidCredentials() {
  return new AppError(401, 'auth.invalid_credentials', 'username or password is wrong');
}

function accountLocked(until: Date) {
  return new AppError(423, 'auth.account_locked', `too many failed logins: this account is locked until ${beijingTime(until)}`);
}

/**
 * Logs a staff member in: checks the password (argon2, outside any transaction), then under a
 * row lock refuses a disabled or locked account, counts a failure (locking the account after
 * `lockoutAttempts` in a row), or resets the count and opens a session. Each outcome is audited
 * in the transaction of its state change.
 */
export async function loginStaff(services: Services, props: Props) {
  const attempt = { ...props, now: services.clock.now() };
  const account = await findStaffCredentials(services.db, { username: props.username });
  if (!account) {
    await spendVerifyTime(props.password);
    await recordAudit(services.db, failureEntry(attempt, null, 'unknown_user'));
    throw invalidCredentials();
  }
  const passwordMatches = await verifyPassword(account.passwordHash, props.password);
  // Refusals are returned, not thrown, so the failure count and its audit entry commit.
  const outcome = await services.db
    .transaction()
    .execute((trx) => settleAttempt(trx, services, attempt, account.id, passwordMatches));
  if (outcome instanceof AppError) throw outcome;
  const staff = (await findStaffProfile(services.db, account.id))!;
  const ttl = services.config.staff.tokenTtlSeconds;
  const subject = { kind: 'staff' as const, staffId: staff.id, sessionId: outcome.sessionId };
  const token = issueToken(subject, services.config.tokenSecret, ttl, services.clock);
  return { token, expiresIn: ttl, staff };
}

/** Decides on the row as it is now, locked: a concurrent attempt may have locked or disabled it. */
async function settleAttempt(trx: Trx, services: Services, attempt: Attempt, staffId: number, passwordMatches: boolean) {
  const account = (await findStaffCredentials(trx, { id: staffId }, true))!;
  if (account.disabledAt) {
    await recordAudit(trx, failureEntry(attempt, staffId, 'disabled'));
    return invalidCredentials();
  }
  if (account.lockedUntil && account.lockedUntil > attempt.now) {
    await recordAudit(trx, failureEntry(attempt, staffId, 'locked'));
    return accountLocked(account.lockedUntil);
  }
  if (!passwordMatches) return countFailure(trx, services, attempt, account);
  return { sessionId: await openSession(trx, services, attempt, staffId) };
}

/** One more failure in a row; the one that reaches the limit locks the account and starts a fresh count. */
async function countFailure(trx: Trx, services: Services, attempt: Attempt, account: StaffCredentials) {
  const { lockoutAttempts, lockoutMinutes } = services.config.staff;
  const failedLogins = account.failedLogins + 1;
  const lockedUntil = failedLogins >= lockoutAttempts ? new Date(attempt.now.getTime() + lockoutMinutes * 60_000) : null;
  await updateStaffRow(trx, account.id, lockedUntil ? { failedLogins: 0, lockedUntil } : { failedLogins });
  await recordAudit(trx, {
    ...failureEntry(attempt, account.id, 'wrong_password'),
    details: { reason: 'wrong_password', failedLogins, ...(lockedUntil ? { lockedUntil: lockedUntil.toISOString() } : {}) },
  });
  return lockedUntil ? accountLocked(lockedUntil) : invalidCredentials();
}

async function openSession(trx: Trx, services: Services, attempt: Attempt, staffId: number): Promise<string> {
  const sessionId = randomUUID();
  const expiresAt = new Date(attempt.now.getTime() + services.config.staff.tokenTtlSeconds * 1000);
  await updateStaffRow(trx, staffId, { failedLogins: 0, lockedUntil: null });
  await insertStaffSession(trx, { id: sessionId, staffId, issuedAt: attempt.now, expiresAt });
  await recordAudit(trx, {
    at: attempt.now,
    staffId,
    username: attempt.username,
    action: 'login',
    targetType: 'staff_session',
    targetId: sessionId,
    ip: attempt.ip,
  });
  return sessionId;
}

/** `username` is what was typed: for an unknown user it is all there is to search by. */
function failureEntry(attempt: Attempt, staffId: number | null, reason: FailureReason) {
  return { at: attempt.now, staffId, username: attempt.username, action: 'login_failed', ip: attempt.ip, details: { reason } };
}
