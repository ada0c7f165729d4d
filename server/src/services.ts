/**
 * The shared services every entry point (api, worker, scripts, tests) is built from. Opened once
 * per process from the validated config; use cases receive what they need from here.
 */
import { Redis } from 'ioredis';
import type { Config } from './config/config.js';
import { systemClock, type Clock } from './config/clock.js';
import { createLogger, type Logger } from './config/logger.js';
import { createDb, type Db } from './db/database.js';
import { createJobBus, type JobBus } from './queue/jobs.js';
import { OutboxRelay } from './queue/outbox.js';
import { PROCESSED_TOPICS } from './workers.js';
import { FilePhotoStore, type PhotoStore } from './photos/photo-store.js';
import { createCalendarProvider, type CalendarProvider } from './calendar/calendar-provider.js';
import { CategoryCache } from './taxonomy/category-cache.js';
import { createIntakeBatches, type IntakeBatches } from './reports/intake-batches.js';
import path from 'node:path';
import { createTransferBillsClient, type TransferBillsClient } from './settlement/wechat-pay/client.js';
import { createSharedPacer } from './settlement/wechat-pay/pacer.js';

export interface Services {
  config: Config;
  clock: Clock;
  logger: Logger;
  db: Db;
  redis: Redis;
  bus: JobBus;
  relay: OutboxRelay;
  photoStore: PhotoStore;
  /** The statutory working calendar deadlines run on, cached in the process. */
  calendar: CalendarProvider;
  /** The 部件/事件 categories, cached in the process (every report reads its category). */
  categories: CategoryCache;
  /** Citizens' reports on their way to PostgreSQL, taken a batch per statement. */
  reportIntake: IntakeBatches;
  /** Redis key prefix of every BullMQ queue (tests get their own). */
  queuePrefix: string;
  /** WeChat Pay 商家转账, when a merchant is configured. */
  wechatPay: TransferBillsClient | null;
  close(): Promise<void>;
}

export function openServices(config: Config, overrides: { clock?: Clock; logger?: Logger; queuePrefix?: string } = {}): Services {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const db = createDb(config.databaseUrl, {
    poolSize: config.databasePoolSize,
    onIdleError: (error) => logger.warn({ message: error.message }, 'idle PostgreSQL connection lost'),
  });
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false });
  // ioredis reconnects by itself; without a listener each failed attempt is an "Unhandled error event".
  redis.on('error', (error: Error) => logger.warn({ message: error.message }, 'Redis connection failed; reconnecting'));
  const queuePrefix = overrides.queuePrefix ?? 'szcg';
  const bus = createJobBus(config.redisUrl, queuePrefix);
  const relay = new OutboxRelay(db, bus, logger, clock, PROCESSED_TOPICS);
  const reportIntake = createIntakeBatches(db);
  const photoStore = new FilePhotoStore(path.resolve(config.dataDir, 'photos'));
  return {
    config,
    clock,
    logger,
    db,
    redis,
    bus,
    relay,
    photoStore,
    calendar: createCalendarProvider(db, config.workflow.workingHours),
    categories: new CategoryCache(db),
    reportIntake,
    queuePrefix,
    wechatPay: config.wechatPay ? createTransferBillsClient(config.wechatPay, createSharedPacer(redis, `wechat-pay-pace:${config.wechatPay.mchId}`, config.wechatPay.callsPerSecond)) : null,
    async close() {
      await reportIntake.idle();
      await relay.stop();
      await bus.close();
      redis.disconnect();
      await db.destroy();
    },
  };
}
