/**
 * A value read from the database and kept in the process, for values read on every request that
 * change only when an administrator edits them (the categories, the working calendar).
 */

/** How long a read value is used before the tables are read again. */
const MAX_AGE_MS = 60_000;

export class CachedRead<T> {
  private cached: { value: Promise<T>; readAtMs: number } | null = null;

  /**
   * @param read reads the tables and builds the value.
   * @param elapsedMs real (monotonic) time, not the business Clock: the age bounds how late an
   *   edit made through another process reaches this one, which is about wall time passing.
   */
  constructor(
    private readonly read: () => Promise<T>,
    private readonly elapsedMs: () => number = () => performance.now(),
  ) {}

  /** The value as of at most a minute ago (or since `invalidate`); concurrent callers share one read. */
  get(): Promise<T> {
    const nowMs = this.elapsedMs();
    if (!this.cached || nowMs - this.cached.readAtMs >= MAX_AGE_MS) {
      const entry = { value: this.read(), readAtMs: nowMs };
      // A failed read is not kept: the next caller tries again.
      entry.value.catch(() => {
        if (this.cached === entry) this.cached = null;
      });
      this.cached = entry;
    }
    return this.cached.value;
  }

  /** Drops the value; call after this process changed the tables it is read from. */
  invalidate(): void {
    this.cached = null;
  }
}
