/**
 * Where photo bytes live. Keys are opaque, content-addressed names (`ab/abcd…-display.jpg`) made
 * by `photoKey`; a store only maps keys to bytes, so an S3-compatible store can replace the
 * file store without the rest of the area noticing.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export interface PhotoStore {
  /** Stores `bytes` under `key`, replacing any earlier value; readers never see a partial value. */
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes under `key`, or undefined when nothing is stored there. */
  get(key: string): Promise<Buffer | undefined>;
  has(key: string): Promise<boolean>;
}

// Keys are built by this area, never taken from a request; the pattern (lower-case words joined
// by single separators, so no `..`, no leading `/`) still keeps a bug from escaping the root.
const KEY_PATTERN = /^[a-z0-9]+(?:[/._-][a-z0-9]+)*$/;

/** A PhotoStore on the local filesystem: one file per key under `root`. */
export class FilePhotoStore implements PhotoStore {
  constructor(private readonly root: string) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Write beside the target, flush, then rename: rename is atomic within a filesystem, so a
    // crash leaves either no file or the whole file, never a half-written photo.
    const temporary = `${target}.${randomUUID()}.tmp`;
    try {
      const handle = await open(temporary, 'wx');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  private pathOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error(`invalid photo key: ${key}`);
    return path.join(this.root, key);
  }
}
