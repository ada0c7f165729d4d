import { randomBytes } from 'node:crypto';
import { ConfigError, demoSecret, loadConfig } from '../config/config.js';
import { decryptPhone, encryptPhone, hashPhone, maskPhone, normalizePhone, protectPhone } from './phone-numbers.js';

const keys = { key: randomBytes(32), phoneHashKey: 'k'.repeat(32) };

describe('phone numbers as personal data', () => {
  it('normalizes caller ids and drops withheld ones', () => {
    expect(normalizePhone('+8613812341234')).toBe('13812341234');
    expect(normalizePhone('008613812341234')).toBe('13812341234');
    expect(normalizePhone('138 1234-1234')).toBe('13812341234');
    expect(normalizePhone('075512345678')).toBe('075512345678');
    expect(normalizePhone('anonymous')).toBeNull();
    expect(normalizePhone('')).toBeNull();
  });

  it('masks as 138****1234', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('075512345678')).toBe('075****5678');
    expect(maskPhone('12345678')).toBe('12****78');
  });

  it('hashes stably with the key, encrypts with a fresh IV, and refuses tampered ciphertext', () => {
    const stored = protectPhone('13812341234', keys);
    expect(stored.phoneHash).toBe(hashPhone('13812341234', keys));
    expect(stored.phoneHash).not.toBe(hashPhone('13812341234', { phoneHashKey: 'x'.repeat(32) }));
    expect(stored.phoneEncrypted).not.toContain('1381234');
    expect(encryptPhone('13812341234', keys.key)).not.toBe(stored.phoneEncrypted);
    expect(decryptPhone(stored.phoneEncrypted, keys.key)).toBe('13812341234');
    const bytes = Buffer.from(stored.phoneEncrypted.slice(3), 'base64');
    bytes[bytes.length - 1] ^= 1;
    expect(() => decryptPhone(`v1:${bytes.toString('base64')}`, keys.key)).toThrow();
    expect(() => decryptPhone(stored.phoneEncrypted, randomBytes(32))).toThrow();
  });
});

describe('personal-data and hotline configuration', () => {
  const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', REDIS_URL: 'redis://127.0.0.1:6379' };

  it('derives the demo secrets from TOKEN_SECRET, so the telephony service derives the same token', () => {
    const config = loadConfig({ ...base, DEMO_MODE: 'true', TOKEN_SECRET: 's'.repeat(40) });
    expect(config.hotline.telephonyApiToken).toBe(demoSecret('s'.repeat(40), 'telephony-api-token'));
    expect(config.personalData.key).toHaveLength(32);
    expect(config.hotline.callbackHours).toEqual({ start: '09:00', end: '20:00' });
    expect(config.hotline.callbackMaxAttempts).toBe(3);
  });

  it('requires the keys outside demo mode and accepts a 32-byte key as hex or base64', () => {
    const production = { ...base, NODE_ENV: 'production', TOKEN_SECRET: 't'.repeat(40), WECHAT_APPID: 'wx1', WECHAT_SECRET: 's' };
    try {
      loadConfig(production);
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as ConfigError).problems.join('\n');
      for (const name of ['TELEPHONY_API_TOKEN', 'PERSONAL_DATA_KEY', 'PHONE_HASH_KEY']) expect(text).toContain(name);
    }
    const key = randomBytes(32);
    const secrets = { TELEPHONY_API_TOKEN: 'a'.repeat(32), PHONE_HASH_KEY: 'b'.repeat(32) };
    expect(loadConfig({ ...production, ...secrets, PERSONAL_DATA_KEY: key.toString('hex') }).personalData.key).toEqual(key);
    expect(loadConfig({ ...production, ...secrets, PERSONAL_DATA_KEY: key.toString('base64') }).personalData.key).toEqual(key);
    expect(() => loadConfig({ ...production, ...secrets, PERSONAL_DATA_KEY: 'short' })).toThrow(/PERSONAL_DATA_KEY/);
    expect(() => loadConfig({ ...base, DEMO_MODE: 'true', HOTLINE_CALLBACK_HOURS: '20:00-09:00' })).toThrow(/HOTLINE_CALLBACK_HOURS/);
  });
});
