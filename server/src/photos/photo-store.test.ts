import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FilePhotoStore } from './photo-store.js';

describe('FilePhotoStore', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'photo-store-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores, finds and replaces bytes by key, leaving no temporary files', async () => {
    const store = new FilePhotoStore(root);
    const key = `ab/${'ab'.repeat(32)}-display.jpg`;
    expect(await store.has(key)).toBe(false);
    expect(await store.get(key)).toBeUndefined();
    await store.put(key, Buffer.from('first'));
    await store.put(key, Buffer.from('second'));
    expect(await store.has(key)).toBe(true);
    expect((await store.get(key))?.toString()).toBe('second');
    expect(await readdir(path.join(root, 'ab'))).toEqual([`${'ab'.repeat(32)}-display.jpg`]);
  });

  it('refuses keys that could leave the root', async () => {
    const store = new FilePhotoStore(path.join(root, 'photos'));
    for (const key of ['../escape.jpg', '/etc/passwd', 'ab/../../x.jpg', 'ab//x.jpg', 'AB/x.jpg']) {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow('invalid photo key');
      await expect(store.has(key)).rejects.toThrow('invalid photo key');
    }
  });
});
