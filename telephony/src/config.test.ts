import path from 'node:path';
import { loadTelephonyConfig, TelephonyConfigError } from './config.js';

const base = { REDIS_URL: 'redis://127.0.0.1:6379', TELEPHONY_API_TOKEN: 'x'.repeat(32) };

describe('telephony configuration', () => {
  it('defaults to FreeSWITCH on this host and the API beside it', () => {
    const config = loadTelephonyConfig({ ...base, PORT: '3100', DATA_DIR: '/srv/szcg' });

    expect(config.outboundSocket).toEqual({ host: '127.0.0.1', port: 8040 });
    expect(config.inboundSocket).toEqual({ host: '127.0.0.1', port: 8021, password: 'ClueCon' });
    expect(config.api.base).toBe('http://127.0.0.1:3100/api/v1');
    expect(config.recordingsDir).toBe(path.resolve('/srv/szcg/telephony/recordings'));
    expect(config.agentHours).toEqual({ start: '08:30', end: '18:00' });
    expect(config.callback.hours).toEqual({ start: '09:00', end: '20:00' });
  });

  it('lists every bad variable at once', () => {
    const load = () =>
      loadTelephonyConfig({ REDIS_URL: 'http://x', TELEPHONY_API_TOKEN: 'short', TELEPHONY_AGENT_TARGET: 'nobody', TELEPHONY_CALLBACK_DIAL: 'sofia/gateway/pstn/' });
    expect(load).toThrow(TelephonyConfigError);
    try {
      load();
    } catch (error) {
      expect((error as TelephonyConfigError).problems).toHaveLength(4);
    }
  });

  it('refuses hours that end before they start', () => {
    expect(() => loadTelephonyConfig({ ...base, TELEPHONY_AGENT_HOURS: '18:00-08:30' })).toThrow(/TELEPHONY_AGENT_HOURS/);
  });
});
