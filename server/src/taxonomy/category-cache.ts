/**
 * The categories, kept in the process: every report needs its category (radius, window, stage
 * limits) and the categories change only when an administrator edits one, so reading the row
 * per report was a round trip spent on a constant.
 */
import { CachedRead } from '../db/cached-read.js';
import type { Db } from '../db/database.js';
import { listCategoryRows, type CategoryRow } from './queries.js';

export class CategoryCache {
  private readonly byCode: CachedRead<Map<string, CategoryRow>>;

  /** @param elapsedMs real (monotonic) time, as `CachedRead` takes it. */
  constructor(db: Db, elapsedMs?: () => number) {
    this.byCode = new CachedRead(async () => new Map((await listCategoryRows(db)).map((row) => [row.code, row])), elapsedMs);
  }

  /** One category by its code (e.g. `E0102`) as of at most a minute ago, or undefined when there is none. */
  async find(code: string): Promise<CategoryRow | undefined> {
    return (await this.byCode.get()).get(code);
  }

  /** Drops the cached categories; call after this process changed the categories table. */
  invalidate(): void {
    this.byCode.invalidate();
  }
}
