/**
 * Spaces calls at least 1/rate seconds apart within this process, so a payment run stays under
 * WeChat Pay's frequency limit instead of discovering it through FREQUENCY_LIMITED answers.
 */
export function createPacer(callsPerSecond: number): () => Promise<void> {
  const gapMs = 1000 / callsPerSecond;
  let nextSlot = 0;
  return async () => {
    // Protocol pacing runs on real time; the business clock may stand still in tests.
    const now = performance.now();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + gapMs;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  };
}
