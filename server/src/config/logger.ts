import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; secrets and tokens are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'szcg' },
    redact: ['req.headers.authorization', '*.token', '*.secret', '*.openid'],
  });
}
