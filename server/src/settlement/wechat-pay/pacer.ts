/**
 * Spaces calls to WeChat Pay at least 1/rate seconds apart across every process of the
 * merchant (API, workers, a second worker machine), so a payment run stays under WeChat Pay's
 * frequency limit instead of discovering it through FREQUENCY_LIMITED answers. The next free
 * slot lives in Redis and is taken atomically, on Redis's own clock so hosts need not agree.
 */
import type { Redis } from 'ioredis';

export type Pacer = () => Promise<void>;

// Takes the next free slot (never in the past) and answers how long to wait for it, in ms.
const TAKE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local slot = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], slot + tonumber(ARGV[1]), 'PX', 60000)
return slot - now
`;

export function createSharedPacer(redis: Redis, key: string, callsPerSecond: number): Pacer {
  const gapMs = Math.ceil(1000 / callsPerSecond);
  return async () => {
    const waitMs = Number(await redis.eval(TAKE_SLOT, 1, key, gapMs));
    // Protocol pacing runs on real time; the business clock may stand still in tests.
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  };
}
