/**
 * The telephony service's validated configuration: every variable is documented here and nothing
 * else reads process.env. A bad environment stops the service at boot with the full list of problems.
 */
import path from 'node:path';
import Joi from 'joi';
import { parseDailyHours, type DailyHours } from './ivr/office-hours.js';

export interface TelephonyConfig {
  logLevel: string;
  /**
   * Where our outbound-socket server listens; FreeSWITCH's dialplan runs `socket <host>:<port> async full`.
   * `orAnyFreePort`: when the port is taken, listen on a free one instead of failing (`npm start`
   * without ESL_OUTBOUND_PORT, so a second instance beside the first still starts).
   */
  outboundSocket: { host: string; port: number; orAnyFreePort?: boolean };
  /** FreeSWITCH's own event socket (mod_event_socket), used to originate callbacks. */
  inboundSocket: { host: string; port: number; password: string };
  /** The server's hotline contract: `${apiBase}/hotline/telephony/...` with a bearer token. */
  api: { base: string; token: string; timeoutMs: number };
  /** Retries of anything posted to the server: first delay, doubling up to the cap, forever. */
  retry: { initialMs: number; maxMs: number };
  /** Transfer target: a dial string for `bridge` (`user/1000`) or `callcenter:<queue>` for mod_callcenter. */
  agentTarget: string;
  /** When agents answer, Beijing time; outside these hours the caller leaves a message instead. */
  agentHours: DailyHours;
  /** Directory FreeSWITCH writes recordings into and this service reads them from (same path on both). */
  recordingsDir: string;
  /** Built prompt audio (git-ignored), and the journal of calls not yet fully accepted by the server. */
  promptsDir: string;
  journalDir: string;
  /** Longest message a caller may record, and the silence that ends it. */
  recording: { maxSeconds: number; silenceThreshold: number; silenceSeconds: number };
  /** Seconds to wait for a key press before the menu counts as "no input". */
  menuTimeoutSeconds: number;
  redisUrl: string;
  /** BullMQ key prefix shared with the server's job bus. */
  queuePrefix: string;
  callback: {
    /** When citizens may be called back, Beijing time (the server schedules inside the same hours). */
    hours: DailyHours;
    /** Dial string for the citizen's number; `{number}` is replaced. */
    dialTemplate: string;
    /** Caller ID shown to the citizen. */
    callerIdNumber: string;
    /** Seconds the citizen's phone rings before the attempt counts as no answer. */
    ringSeconds: number;
  };
}

const HOURS = Joi.string()
  .pattern(/^\d{2}:\d{2}-\d{2}:\d{2}$/)
  .messages({ 'string.pattern.base': '{{#label}} must look like 09:00-20:00' });

const schema = Joi.object({
  LOG_LEVEL: Joi.string().valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent').default('info'),
  DATA_DIR: Joi.string().default('./var'),
  PORT: Joi.number().port().default(3000),
  ESL_OUTBOUND_HOST: Joi.string().default('127.0.0.1'),
  ESL_OUTBOUND_PORT: Joi.number().port().default(8040),
  ESL_INBOUND_HOST: Joi.string().default('127.0.0.1'),
  ESL_INBOUND_PORT: Joi.number().port().default(8021),
  ESL_INBOUND_PASSWORD: Joi.string().default('ClueCon'),
  TELEPHONY_API_BASE: Joi.string().uri({ scheme: ['http', 'https'] }),
  TELEPHONY_API_TOKEN: Joi.string().min(32).required(),
  TELEPHONY_API_TIMEOUT_MS: Joi.number().integer().min(100).max(120_000).default(10_000),
  TELEPHONY_RETRY_INITIAL_MS: Joi.number().integer().min(1).default(500),
  TELEPHONY_RETRY_MAX_MS: Joi.number().integer().min(1).default(60_000),
  TELEPHONY_AGENT_TARGET: Joi.string()
    .pattern(/^(callcenter:\S+@\S+|[a-z]+\/\S+)$/)
    .default('user/1000')
    .messages({ 'string.pattern.base': 'TELEPHONY_AGENT_TARGET must be a dial string (user/1000) or callcenter:<queue>@<domain>' }),
  TELEPHONY_AGENT_HOURS: HOURS.default('08:30-18:00'),
  TELEPHONY_RECORDINGS_DIR: Joi.string(),
  TELEPHONY_PROMPTS_DIR: Joi.string(),
  TELEPHONY_JOURNAL_DIR: Joi.string(),
  TELEPHONY_RECORD_MAX_SECONDS: Joi.number().integer().min(10).max(600).default(120),
  TELEPHONY_RECORD_SILENCE_THRESHOLD: Joi.number().integer().min(1).max(10_000).default(200),
  TELEPHONY_RECORD_SILENCE_SECONDS: Joi.number().integer().min(1).max(30).default(5),
  TELEPHONY_MENU_TIMEOUT_SECONDS: Joi.number().integer().min(2).max(30).default(6),
  REDIS_URL: Joi.string().uri({ scheme: ['redis', 'rediss'] }).required(),
  QUEUE_PREFIX: Joi.string().default('szcg'),
  HOTLINE_CALLBACK_HOURS: HOURS.default('09:00-20:00'),
  TELEPHONY_CALLBACK_DIAL: Joi.string()
    .pattern(/\{number\}/)
    .default('sofia/gateway/pstn/{number}')
    .messages({ 'string.pattern.base': 'TELEPHONY_CALLBACK_DIAL must contain {number}' }),
  TELEPHONY_CALLBACK_CALLER_ID: Joi.string().pattern(/^\d{3,20}$/).default('12319'),
  TELEPHONY_CALLBACK_RING_SECONDS: Joi.number().integer().min(10).max(120).default(45),
}).unknown(true);

export class TelephonyConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid telephony configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Reads and checks the environment; throws TelephonyConfigError naming every bad variable. */
export function loadTelephonyConfig(env: NodeJS.ProcessEnv = process.env): TelephonyConfig {
  const { value, error } = schema.validate(env, { abortEarly: false, convert: true });
  if (error) throw new TelephonyConfigError(error.details.map((detail) => detail.message));
  const hours = (name: string) => {
    try {
      return parseDailyHours(value[name]);
    } catch (problem) {
      throw new TelephonyConfigError([`${name}: ${(problem as Error).message}`]);
    }
  };
  const telephonyDir = path.resolve(value.DATA_DIR, 'telephony');
  return {
    logLevel: value.LOG_LEVEL,
    outboundSocket: { host: value.ESL_OUTBOUND_HOST, port: value.ESL_OUTBOUND_PORT },
    inboundSocket: { host: value.ESL_INBOUND_HOST, port: value.ESL_INBOUND_PORT, password: value.ESL_INBOUND_PASSWORD },
    api: {
      base: (value.TELEPHONY_API_BASE ?? `http://127.0.0.1:${value.PORT}/api/v1`).replace(/\/$/, ''),
      token: value.TELEPHONY_API_TOKEN,
      timeoutMs: value.TELEPHONY_API_TIMEOUT_MS,
    },
    retry: { initialMs: value.TELEPHONY_RETRY_INITIAL_MS, maxMs: value.TELEPHONY_RETRY_MAX_MS },
    agentTarget: value.TELEPHONY_AGENT_TARGET,
    agentHours: hours('TELEPHONY_AGENT_HOURS'),
    // Absolute: FreeSWITCH is handed these paths and does not share our working directory.
    recordingsDir: path.resolve(value.TELEPHONY_RECORDINGS_DIR ?? path.join(telephonyDir, 'recordings')),
    promptsDir: path.resolve(value.TELEPHONY_PROMPTS_DIR ?? path.join(telephonyDir, 'prompts')),
    journalDir: path.resolve(value.TELEPHONY_JOURNAL_DIR ?? path.join(telephonyDir, 'journal')),
    recording: {
      maxSeconds: value.TELEPHONY_RECORD_MAX_SECONDS,
      silenceThreshold: value.TELEPHONY_RECORD_SILENCE_THRESHOLD,
      silenceSeconds: value.TELEPHONY_RECORD_SILENCE_SECONDS,
    },
    menuTimeoutSeconds: value.TELEPHONY_MENU_TIMEOUT_SECONDS,
    redisUrl: value.REDIS_URL,
    queuePrefix: value.QUEUE_PREFIX,
    callback: {
      hours: hours('HOTLINE_CALLBACK_HOURS'),
      dialTemplate: value.TELEPHONY_CALLBACK_DIAL,
      callerIdNumber: value.TELEPHONY_CALLBACK_CALLER_ID,
      ringSeconds: value.TELEPHONY_CALLBACK_RING_SECONDS,
    },
  };
}
