import { ConfigError, loadConfig } from './config.js';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('loadConfig', () => {
  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', REDIS_URL: 'http://nope', NODE_ENV: 'staging' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'REDIS_URL', 'NODE_ENV', 'DATABASE_URL', 'WECHAT_APPID']) expect(text).toContain(name);
    }
  });

  it('refuses demo mode in production and insists on a real token secret there', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', DEMO_MODE: 'true' })).toThrow(/DEMO_MODE/);
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', WECHAT_APPID: 'wx1', WECHAT_SECRET: 's' })).toThrow(/TOKEN_SECRET/);
  });

  it('applies documented defaults', () => {
    const config = loadConfig({ ...base, DEMO_MODE: 'true' });
    expect(config.port).toBe(3000);
    expect(config.services).toEqual(['api', 'worker']);
    expect(config.photoMaxBytes).toBe(10 * 1024 * 1024);
  });
});
