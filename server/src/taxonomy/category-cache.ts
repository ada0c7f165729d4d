/**
 * The categories, kept in the process: every report needs its category (radius, window, stage
 * limits) and the categories change only when an administrator edits one, so reading the row
 * per report was a round trip spent on a constant.
 */
import type { Db } from '../db/database.js';
import { listCategoryRows, type CategoryRow } from './queries.js';

/**
 * How long the categories are used before the table is read again: an edit made through another
 * API process (this one invalidates at once) reaches this one within this time.
 */
const MAX_AGE_MS = 60_000;

export class CategoryCache {
  private cached: { byCode: Promise<Map<string, CategoryRow>>; builtAtMs: number } | null = null;

  /**
   * @param elapsedMs real (monotonic) time, not the business Clock: the age bounds how late an
   *   edit made elsewhere arrives, which is about wall time passing.
   */
  constructor(
    private readonly db: Db,
    private readonly elapsedMs: () => number = () => performance.now(),
  ) {}

  /** One category by its code (e.g. `E0102`) as of at most a minute ago, or undefined when there is none. */
  async find(code: string): Promise<CategoryRow | undefined> {
    return (await this.categories()).get(code);
  }

  /** Drops the cached categories; call after this process changed the categories table. */
  invalidate(): void {
    this.cached = null;
  }

  private categories(): Promise<Map<string, CategoryRow>> {
    const nowMs = this.elapsedMs();
    if (!this.cached || nowMs - this.cached.builtAtMs >= MAX_AGE_MS) {
      const entry = { byCode: this.read(), builtAtMs: nowMs };
      // A failed read is not kept: the next caller tries again.
      entry.byCode.catch(() => {
        if (this.cached === entry) this.cached = null;
      });
      this.cached = entry;
    }
    return this.cached.byCode;
  }

  private async read(): Promise<Map<string, CategoryRow>> {
    return new Map((await listCategoryRows(this.db)).map((row) => [row.code, row]));
  }
}
