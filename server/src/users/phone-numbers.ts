/**
 * Citizens' phone numbers as personal data (PIPL, 等保): a caller is found by an HMAC hash;
 * numbers are stored encrypted with AES-256-GCM and shown masked (138****1234). Only a callback
 * dial, an audited reveal and the carrier's audited 话费 list decrypt one.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { PersonalDataKeys } from '../config/config.js';

/** Digits of a caller id, without a +86/0086 country prefix; null for none or "anonymous". */
export function normalizePhone(raw: string | null | undefined): string | null {
  const digits = (raw ?? '').replace(/[\s-]/g, '');
  if (!/^\+?[0-9]{3,20}$/.test(digits)) return null;
  return digits.replace(/^\+/, '').replace(/^(?:0086|86)(?=1[3-9][0-9]{9}$)/, '');
}

/** 138****1234; short numbers keep less so that at least half of them stays hidden. */
export function maskPhone(phone: string): string {
  if (phone.length >= 11) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  if (phone.length >= 7) return `${phone.slice(0, 2)}****${phone.slice(-2)}`;
  return '****';
}

export interface StoredPhone {
  phoneHash: string;
  phoneEncrypted: string;
  phoneMasked: string;
}

const VERSION = 'v1';

/** The number's lookup hash, ciphertext and masked form. */
export function protectPhone(phone: string, keys: PersonalDataKeys): StoredPhone {
  return { phoneHash: hashPhone(phone, keys), phoneEncrypted: encryptPhone(phone, keys.key), phoneMasked: maskPhone(phone) };
}

export function hashPhone(phone: string, keys: Pick<PersonalDataKeys, 'phoneHashKey'>): string {
  return createHmac('sha256', keys.phoneHashKey).update(phone).digest('hex');
}

/** `v1:` + base64(iv ‖ tag ‖ ciphertext); a fresh IV each time. */
export function encryptPhone(phone: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
}

/** @throws when the ciphertext was altered or the key is not the one it was written with */
export function decryptPhone(stored: string, key: Buffer): string {
  const [version, body] = stored.split(':');
  if (version !== VERSION || !body) throw new Error('unknown phone ciphertext format');
  const bytes = Buffer.from(body, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}
