/** Repeats an idempotent request with doubling delays until it is accepted or refused for good. */
import { HotlineApiError } from './hotline-api.js';

export interface RetryPolicy {
  initialMs: number;
  maxMs: number;
}

export async function untilAccepted<T>(send: () => Promise<T>, policy: RetryPolicy, onRetry?: (error: Error, delayMs: number) => void): Promise<T> {
  let delayMs = policy.initialMs;
  for (;;) {
    try {
      return await send();
    } catch (error) {
      if (error instanceof HotlineApiError && !error.retryable) throw error;
      // Jitter spreads the retries of many calls after an outage instead of a thundering herd.
      const wait = Math.round(delayMs * (0.5 + Math.random() / 2));
      onRetry?.(error as Error, wait);
      await new Promise((resolve) => setTimeout(resolve, wait));
      delayMs = Math.min(delayMs * 2, policy.maxMs);
    }
  }
}
