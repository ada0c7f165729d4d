/**
 * Staff passwords: argon2id hashes in PHC form (parameters and salt travel inside the string, so
 * raising the cost later leaves old hashes verifiable).
 */
import argon2 from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import Joi from 'joi';

/**
 * OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. The algorithm is the package default,
 * argon2id (users/staff.test.ts checks the stored hash): its `Algorithm` is a const enum that
 * swc cannot inline, so naming it would pass `undefined` at run time.
 */
const HASH_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** Rules for a new password: 8 to 128 characters with at least one letter and one digit. */
export const newPasswordSchema = Joi.string()
  .min(8)
  .max(128)
  .pattern(/[A-Za-z]/)
  .pattern(/[0-9]/)
  // Custom texts: joi's default pattern message quotes the value, and this value is a password.
  .messages({
    'string.min': 'password must be at least 8 characters long',
    'string.max': 'password must be at most 128 characters long',
    'string.pattern.base': 'password must contain letters and digits',
  });

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

/** False for a wrong password and for a hash that cannot be read. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let decoyHash: Promise<string> | undefined;

/**
 * Checks the password against a hash nobody knows the password of, so a login with an unknown
 * username costs the same argon2 time as one with a known username, and answers nothing sooner.
 */
export async function spendVerifyTime(password: string): Promise<void> {
  decoyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  await verifyPassword(await decoyHash, password);
}
