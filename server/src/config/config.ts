/**
 * The one validated configuration. Every variable is documented here; nothing else reads
 * process.env. A bad environment stops the process at boot with the full list of problems.
 */
import { createHmac } from 'node:crypto';
import Joi from 'joi';

export interface Config {
  nodeEnv: 'development' | 'test' | 'production';
  /** Which entry points this process runs: the HTTP API and/or the queue worker. */
  services: Array<'api' | 'worker'>;
  host: string;
  /**
   * Whether the API sits behind a reverse proxy (nginx, the city's gateway) whose
   * X-Forwarded-For / -Proto headers it believes. Off, a client could write any address into
   * the audit log by sending the header itself.
   */
  trustProxy: boolean;
  port: number;
  databaseUrl: string;
  /** PostgreSQL connections per process; keep the sum over processes under the server's max_connections. */
  databasePoolSize: number;
  redisUrl: string;
  /** Root for local state: photos (and, when started locally, PostgreSQL and Redis data). */
  dataDir: string;
  logLevel: string;
  /** Demo mode: `demo-<name>` WeChat codes log in without WeChat. Never in production. */
  demoMode: boolean;
  tokenSecret: string;
  citizenTokenTtlSeconds: number;
  /** Largest JSON body accepted, in bytes. */
  jsonBodyLimitBytes: number;
  photoMaxBytes: number;
  /** Lifetime of a signed photo URL handed to a client. */
  photoUrlTtlSeconds: number;
  /** The mini program's WeChat app; an empty appId (demo mode) means no real WeChat calls. */
  wechat: { apiBase: string; appId: string; appSecret: string };
  miniapp: {
    /** Subscribe-message template ids chosen in the mini program's admin console, by purpose. */
    subscribeTemplates: Record<SubscribePurpose, string>;
    /** The mini program page a subscribe message opens. */
    subscribePage: string;
    /** Who citizens contact about their personal data (shown with the privacy notice). */
    privacyContact: string;
  };
  /** Seconds between outbox sweeps that pick up events a crash left unrelayed. */
  outboxSweepSeconds: number;
  staff: {
    /** Lifetime of a staff token (a working shift). */
    tokenTtlSeconds: number;
    /** Failed logins in a row that lock an account, and for how long. */
    lockoutAttempts: number;
    lockoutMinutes: number;
  };
  workflow: {
    /** Working periods of a working day, Beijing time: "08:30-12:00,14:00-17:30". */
    workingHours: Array<{ start: string; end: string }>;
    /** A light turns yellow when less than this share of the stage's limit is left. */
    yellowFraction: number;
    /** The largest first extension a dispatcher may approve alone, in working hours. */
    dispatcherExtensionLimitHours: number;
    /** Seconds between recomputations of every open case's light. */
    lightsRefreshSeconds: number;
  };
  /** WeChat Pay 商家转账; null when no merchant is configured (wechat payout lines then cannot run). */
  wechatPay: WeChatPayConfig | null;
  settlement: {
    /** Smallest balance paid out; smaller ones wait for the next month (WeChat's floor is 10 分). */
    minPayoutFen: number;
    /** Seconds between reconciliation runs that query every bill not yet final. */
    reconcileSeconds: number;
  };
  personalData: PersonalDataKeys;
  hotline: HotlineConfig;
}

/** Keys protecting citizens' phone numbers (PIPL, 等保): callers' numbers and 话费 payout numbers. */
export interface PersonalDataKeys {
  /** AES-256-GCM key encrypting phone numbers at rest (32 bytes). */
  key: Buffer;
  /** HMAC-SHA256 key of the phone-number hash a caller is found by. */
  phoneHashKey: string;
}

/** The 12319 hotline: the telephony service's access and satisfaction callbacks. */
export interface HotlineConfig {
  /** Bearer token the telephony service calls the internal endpoints with. */
  telephonyApiToken: string;
  /** Largest ticket recording accepted, in bytes. */
  recordingMaxBytes: number;
  /** When callbacks may ring, Beijing time, any day. */
  callbackHours: { start: string; end: string };
  /** Wait before calling again after an unanswered callback. */
  callbackRetryMinutes: number;
  /** Attempts before a callback is marked unreachable. */
  callbackMaxAttempts: number;
}

/** What a subscribe message tells: case progress, 结案, a reward. */
export type SubscribePurpose = 'progress' | 'closed' | 'reward';

export interface WeChatPayConfig {
  /** https://api.mch.weixin.qq.com in production; a local peer in tests. */
  baseUrl: string;
  mchId: string;
  /** The mini program's appid the openids belong to. */
  appId: string;
  /** Serial number of the merchant API certificate, and its private key (PEM): our requests' signature. */
  merchantSerialNo: string;
  merchantPrivateKey: string;
  /** APIv3 key (32 bytes): decrypts callbacks. */
  apiV3Key: string;
  /** WeChat Pay public key (`PUB_KEY_ID_…`) and/or platform certificates: verify every answer and callback. */
  publicKey: { id: string; pem: string } | null;
  platformCertificates: string[];
  /** Our callback URL for MCHTRANSFER.BILL.FINISHED, as WeChat Pay reaches it. */
  notifyUrl: string;
  /** Pace of calls to WeChat Pay from one process, within the API's frequency limit. */
  callsPerSecond: number;
  timeoutMs: number;
  /**
   * Largest single transfer (scene 1000 default 200 元); a larger line is split or paid by hand.
   * A line from 2,000 元 is paid by hand either way (no real name for `user_name`: settle-month.ts).
   */
  singleLimitFen: number;
  overLimit: 'split' | 'manual';
  /** The two 转账场景报备信息 shown to WeChat: 活动名称 and 奖励说明. */
  activityName: string;
  rewardDescription: string;
}

const DEMO_TOKEN_SECRET = 'demo-only-token-secret-change-me-in-production';

/**
 * A demo-mode default for a secret, derived from TOKEN_SECRET so `npm start` needs nothing and
 * another process of the same deployment (the telephony service) derives the same value.
 */
export function demoSecret(tokenSecret: string, purpose: string): string {
  return createHmac('sha256', tokenSecret).update(purpose).digest('hex');
}

/** Required unless DEMO_MODE, where a default is derived from TOKEN_SECRET (see demoSecret). */
const demoDefaulted = (rule: Joi.StringSchema) => rule.when('DEMO_MODE', { is: true, then: Joi.optional(), otherwise: Joi.required() });

const schema = Joi.object({
  NODE_ENV: Joi.string().valid('development', 'test', 'production').default('development'),
  SERVICES: Joi.string().pattern(/^(api|worker)(,(api|worker))*$/).default('api,worker'),
  HOST: Joi.string().default('0.0.0.0'),
  PORT: Joi.number().port().default(3000),
  TRUST_PROXY: Joi.boolean().default(false),
  DATABASE_URL: Joi.string().uri({ scheme: ['postgres', 'postgresql'] }).required(),
  DATABASE_POOL_SIZE: Joi.number().integer().min(1).max(200).default(20),
  REDIS_URL: Joi.string().uri({ scheme: ['redis', 'rediss'] }).required(),
  DATA_DIR: Joi.string().default('./var'),
  LOG_LEVEL: Joi.string().valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent').default('info'),
  DEMO_MODE: Joi.boolean().default(false).when('NODE_ENV', {
    is: 'production',
    then: Joi.valid(false).messages({ 'any.only': 'DEMO_MODE must not be set when NODE_ENV=production' }),
  }),
  TOKEN_SECRET: Joi.string().min(32).when('NODE_ENV', {
    is: 'production',
    then: Joi.required().invalid(DEMO_TOKEN_SECRET),
    otherwise: Joi.optional().default(DEMO_TOKEN_SECRET),
  }),
  CITIZEN_TOKEN_TTL_SECONDS: Joi.number().integer().min(60).default(7 * 24 * 3600),
  JSON_BODY_LIMIT_BYTES: Joi.number().integer().min(1024).max(1024 * 1024).default(64 * 1024),
  PHOTO_MAX_BYTES: Joi.number().integer().min(1024).default(10 * 1024 * 1024),
  PHOTO_URL_TTL_SECONDS: Joi.number().integer().min(60).default(3600),
  WECHAT_API_BASE: Joi.string().uri({ scheme: ['http', 'https'] }).default('https://api.weixin.qq.com'),
  WECHAT_APPID: Joi.string().when('DEMO_MODE', { is: true, then: Joi.optional().default(''), otherwise: Joi.required() }),
  WECHAT_SECRET: Joi.string().when('DEMO_MODE', { is: true, then: Joi.optional().default(''), otherwise: Joi.required() }),
  // progress:<id>,closed:<id>,reward:<id> (the demo ids only work in demo mode, where nothing is sent).
  WECHAT_SUBSCRIBE_TEMPLATES: Joi.string()
    .pattern(/^(progress|closed|reward):[A-Za-z0-9_-]{1,64}(,(progress|closed|reward):[A-Za-z0-9_-]{1,64})*$/)
    .default('progress:demo-progress-template,closed:demo-closed-template,reward:demo-reward-template')
    .messages({ 'string.pattern.base': 'WECHAT_SUBSCRIBE_TEMPLATES must look like progress:<id>,closed:<id>,reward:<id>' }),
  WECHAT_SUBSCRIBE_PAGE: Joi.string().max(128).default('pages/index/index'),
  MINIAPP_PRIVACY_CONTACT: Joi.string().max(100).default('龙岗区数字化城市管理中心 12319'),
  OUTBOX_SWEEP_SECONDS: Joi.number().integer().min(1).default(5),
  STAFF_TOKEN_TTL_SECONDS: Joi.number().integer().min(300).max(7 * 24 * 3600).default(10 * 3600),
  STAFF_LOCKOUT_ATTEMPTS: Joi.number().integer().min(3).max(20).default(5),
  STAFF_LOCKOUT_MINUTES: Joi.number().integer().min(1).max(24 * 60).default(15),
  WORKING_HOURS: Joi.string()
    .pattern(/^\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2})*$/)
    .default('08:30-12:00,14:00-17:30')
    .messages({ 'string.pattern.base': 'WORKING_HOURS must look like 08:30-12:00,14:00-17:30' }),
  LIGHT_YELLOW_FRACTION: Joi.number().greater(0).less(1).default(0.2),
  DISPATCHER_EXTENSION_LIMIT_HOURS: Joi.number().positive().default(14),
  LIGHTS_REFRESH_SECONDS: Joi.number().integer().min(5).default(60),
  WECHAT_PAY_BASE_URL: Joi.string().uri({ scheme: ['http', 'https'] }).default('https://api.mch.weixin.qq.com'),
  WECHAT_PAY_MCH_ID: Joi.string().pattern(/^\d{8,12}$/),
  // The rest of the merchant's settings are required once a merchant id is given.
  WECHAT_PAY_APPID: Joi.string().when('WECHAT_PAY_MCH_ID', { is: Joi.exist(), then: Joi.required() }),
  WECHAT_PAY_MCH_SERIAL_NO: Joi.string().pattern(/^[0-9A-Fa-f]{8,64}$/).when('WECHAT_PAY_MCH_ID', { is: Joi.exist(), then: Joi.required() }),
  WECHAT_PAY_MCH_PRIVATE_KEY: Joi.string().pattern(/-----BEGIN (RSA )?PRIVATE KEY-----/).when('WECHAT_PAY_MCH_ID', { is: Joi.exist(), then: Joi.required() }),
  WECHAT_PAY_APIV3_KEY: Joi.string().length(32).when('WECHAT_PAY_MCH_ID', { is: Joi.exist(), then: Joi.required() }),
  WECHAT_PAY_PUBLIC_KEY_ID: Joi.string().pattern(/^PUB_KEY_ID_/),
  WECHAT_PAY_PUBLIC_KEY: Joi.string().pattern(/-----BEGIN PUBLIC KEY-----/).when('WECHAT_PAY_PUBLIC_KEY_ID', { is: Joi.exist(), then: Joi.required() }),
  WECHAT_PAY_PLATFORM_CERTIFICATES: Joi.string().pattern(/-----BEGIN CERTIFICATE-----/),
  WECHAT_PAY_NOTIFY_URL: Joi.string().uri({ scheme: ['http', 'https'] }).when('WECHAT_PAY_MCH_ID', { is: Joi.exist(), then: Joi.required() }),
  WECHAT_PAY_CALLS_PER_SECOND: Joi.number().positive().max(1000).default(10),
  WECHAT_PAY_TIMEOUT_MS: Joi.number().integer().min(100).max(60_000).default(10_000),
  WECHAT_PAY_SINGLE_LIMIT_FEN: Joi.number().integer().min(10).default(20_000),
  WECHAT_PAY_OVER_LIMIT: Joi.string().valid('split', 'manual').default('split'),
  WECHAT_PAY_ACTIVITY_NAME: Joi.string().max(32).default('市民随手拍有奖举报'),
  WECHAT_PAY_REWARD_DESCRIPTION: Joi.string().max(32).default('城市管理问题有效举报奖励'),
  SETTLEMENT_MIN_PAYOUT_FEN: Joi.number().integer().min(1).default(10),
  SETTLEMENT_RECONCILE_SECONDS: Joi.number().integer().min(10).default(600),
  TELEPHONY_API_TOKEN: demoDefaulted(Joi.string().min(32)),
  PERSONAL_DATA_KEY: demoDefaulted(
    Joi.string()
      .pattern(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/)
      .messages({ 'string.pattern.base': 'PERSONAL_DATA_KEY must be 32 bytes as 64 hex digits or 44 base64 characters' }),
  ),
  PHONE_HASH_KEY: demoDefaulted(Joi.string().min(32)),
  HOTLINE_RECORDING_MAX_BYTES: Joi.number().integer().min(1024).default(20 * 1024 * 1024),
  HOTLINE_CALLBACK_HOURS: Joi.string()
    .pattern(/^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]$/)
    .default('09:00-20:00')
    .messages({ 'string.pattern.base': 'HOTLINE_CALLBACK_HOURS must look like 09:00-20:00' }),
  HOTLINE_CALLBACK_RETRY_MINUTES: Joi.number().integer().min(1).max(7 * 24 * 60).default(30),
  HOTLINE_CALLBACK_MAX_ATTEMPTS: Joi.number().integer().min(1).max(10).default(3),
}).unknown(true);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Reads and checks the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const { value, error } = schema.validate(env, { abortEarly: false, convert: true });
  if (error) throw new ConfigError(error.details.map((detail) => detail.message));
  return {
    nodeEnv: value.NODE_ENV,
    services: value.SERVICES.split(','),
    host: value.HOST,
    trustProxy: value.TRUST_PROXY,
    port: value.PORT,
    databaseUrl: value.DATABASE_URL,
    databasePoolSize: value.DATABASE_POOL_SIZE,
    redisUrl: value.REDIS_URL,
    dataDir: value.DATA_DIR,
    logLevel: value.LOG_LEVEL,
    demoMode: value.DEMO_MODE,
    tokenSecret: value.TOKEN_SECRET,
    citizenTokenTtlSeconds: value.CITIZEN_TOKEN_TTL_SECONDS,
    jsonBodyLimitBytes: value.JSON_BODY_LIMIT_BYTES,
    photoMaxBytes: value.PHOTO_MAX_BYTES,
    photoUrlTtlSeconds: value.PHOTO_URL_TTL_SECONDS,
    wechat: { apiBase: value.WECHAT_API_BASE, appId: value.WECHAT_APPID, appSecret: value.WECHAT_SECRET },
    miniapp: {
      subscribeTemplates: readSubscribeTemplates(value.WECHAT_SUBSCRIBE_TEMPLATES),
      subscribePage: value.WECHAT_SUBSCRIBE_PAGE,
      privacyContact: value.MINIAPP_PRIVACY_CONTACT,
    },
    outboxSweepSeconds: value.OUTBOX_SWEEP_SECONDS,
    staff: {
      tokenTtlSeconds: value.STAFF_TOKEN_TTL_SECONDS,
      lockoutAttempts: value.STAFF_LOCKOUT_ATTEMPTS,
      lockoutMinutes: value.STAFF_LOCKOUT_MINUTES,
    },
    workflow: {
      workingHours: (value.WORKING_HOURS as string).split(',').map((period) => {
        const [start, end] = period.split('-');
        return { start, end };
      }),
      yellowFraction: value.LIGHT_YELLOW_FRACTION,
      dispatcherExtensionLimitHours: value.DISPATCHER_EXTENSION_LIMIT_HOURS,
      lightsRefreshSeconds: value.LIGHTS_REFRESH_SECONDS,
    },
    wechatPay: readWeChatPay(value),
    settlement: { minPayoutFen: value.SETTLEMENT_MIN_PAYOUT_FEN, reconcileSeconds: value.SETTLEMENT_RECONCILE_SECONDS },
    personalData: readPersonalDataKeys(value),
    hotline: readHotline(value),
  };
}

function readPersonalDataKeys(value: Record<string, any>): PersonalDataKeys {
  const key: string = value.PERSONAL_DATA_KEY ?? demoSecret(value.TOKEN_SECRET, 'personal-data-key');
  return {
    key: Buffer.from(key, key.length === 64 ? 'hex' : 'base64'),
    phoneHashKey: value.PHONE_HASH_KEY ?? demoSecret(value.TOKEN_SECRET, 'phone-hash-key'),
  };
}

function readHotline(value: Record<string, any>): HotlineConfig {
  const [start, end] = (value.HOTLINE_CALLBACK_HOURS as string).split('-');
  if (start >= end) throw new ConfigError(['HOTLINE_CALLBACK_HOURS must end after it starts']);
  return {
    telephonyApiToken: value.TELEPHONY_API_TOKEN ?? demoSecret(value.TOKEN_SECRET, 'telephony-api-token'),
    recordingMaxBytes: value.HOTLINE_RECORDING_MAX_BYTES,
    callbackHours: { start, end },
    callbackRetryMinutes: value.HOTLINE_CALLBACK_RETRY_MINUTES,
    callbackMaxAttempts: value.HOTLINE_CALLBACK_MAX_ATTEMPTS,
  };
}

/** Every purpose once: a message of a purpose without a template could never be sent. */
function readSubscribeTemplates(text: string): Record<SubscribePurpose, string> {
  const pairs = text.split(',').map((pair) => pair.split(':') as [SubscribePurpose, string]);
  const templates = Object.fromEntries(pairs) as Record<SubscribePurpose, string>;
  const missing = (['progress', 'closed', 'reward'] as const).filter((purpose) => !templates[purpose]);
  if (missing.length > 0 || pairs.length !== 3) {
    throw new ConfigError([`WECHAT_SUBSCRIBE_TEMPLATES must name each of progress, closed and reward once${missing.length ? ` (missing ${missing.join(', ')})` : ''}`]);
  }
  return templates;
}

/** PEM given in one line (`\n` escaped), as many deployment tools pass it, or as is. */
function pem(text: string | undefined): string | undefined {
  return text?.replace(/\\n/g, '\n');
}

function readWeChatPay(value: Record<string, any>): WeChatPayConfig | null {
  if (!value.WECHAT_PAY_MCH_ID) return null;
  const certificates = pem(value.WECHAT_PAY_PLATFORM_CERTIFICATES)?.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (!value.WECHAT_PAY_PUBLIC_KEY_ID && certificates.length === 0) {
    throw new ConfigError(['WECHAT_PAY_PUBLIC_KEY_ID/WECHAT_PAY_PUBLIC_KEY or WECHAT_PAY_PLATFORM_CERTIFICATES is required to verify WeChat Pay']);
  }
  return {
    baseUrl: value.WECHAT_PAY_BASE_URL,
    mchId: value.WECHAT_PAY_MCH_ID,
    appId: value.WECHAT_PAY_APPID,
    merchantSerialNo: value.WECHAT_PAY_MCH_SERIAL_NO.toUpperCase(),
    merchantPrivateKey: pem(value.WECHAT_PAY_MCH_PRIVATE_KEY)!,
    apiV3Key: value.WECHAT_PAY_APIV3_KEY,
    publicKey: value.WECHAT_PAY_PUBLIC_KEY_ID ? { id: value.WECHAT_PAY_PUBLIC_KEY_ID, pem: pem(value.WECHAT_PAY_PUBLIC_KEY)! } : null,
    platformCertificates: certificates,
    notifyUrl: value.WECHAT_PAY_NOTIFY_URL,
    callsPerSecond: value.WECHAT_PAY_CALLS_PER_SECOND,
    timeoutMs: value.WECHAT_PAY_TIMEOUT_MS,
    singleLimitFen: value.WECHAT_PAY_SINGLE_LIMIT_FEN,
    overLimit: value.WECHAT_PAY_OVER_LIMIT,
    activityName: value.WECHAT_PAY_ACTIVITY_NAME,
    rewardDescription: value.WECHAT_PAY_REWARD_DESCRIPTION,
  };
}
