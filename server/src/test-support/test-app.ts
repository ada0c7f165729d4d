/**
 * Starts the real API in the test process on a free port, against the PostgreSQL and Redis that
 * `npm test` started, and talks to it over HTTP like any client.
 */
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { createApp } from '../app.js';
import { openServices, type Services } from '../services.js';
import { TestClock } from './test-clock.js';

export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as-is instead of JSON.stringify(body). */
  rawBody?: BodyInit;
}

export interface TestApp {
  url: string;
  clock: TestClock;
  services: Services;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<TestResponse<T>>;
  close(): Promise<void>;
}

/** The secrets demo mode derives and real mode must be given (DEMO_MODE=false in a test). */
export const REAL_MODE_SECRETS = {
  TELEPHONY_API_TOKEN: 'test-telephony-token-0123456789abcdef',
  PERSONAL_DATA_KEY: '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
  PHONE_HASH_KEY: 'test-phone-hash-key-0123456789abcdef',
};

export async function startTestApp(env: Record<string, string> = {}, clock = new TestClock()): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', DEMO_MODE: 'true', LOG_LEVEL: 'silent', ...process.env, ...env });
  const services = openServices(config, { clock, logger: createLogger(config.logLevel), queuePrefix: `test-${randomUUID()}` });
  const server: Server = createApp(services).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    clock,
    services,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body = options.rawBody;
      if (body === undefined && options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(url + path, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Non-JSON bodies (images) stay text; tests that need bytes fetch them directly.
      }
      return { status: response.status, body: parsed as any, headers: response.headers };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
    },
  };
}
