/**
 * Ticket recordings under $DATA_DIR/recordings, content-addressed like photos (the same
 * key → bytes store, atomic writes): a retried upload of the same audio writes the same file.
 */
import path from 'node:path';
import type { Config } from '../config/config.js';
import { FilePhotoStore, type PhotoStore } from '../photos/photo-store.js';

export type RecordingStore = PhotoStore;

export function openRecordingStore(config: Pick<Config, 'dataDir'>): RecordingStore {
  return new FilePhotoStore(path.resolve(config.dataDir, 'recordings'));
}

export function recordingKey(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256}.wav`;
}

/** A RIFF/WAVE file, as FreeSWITCH's `record` writes it. */
export function isWav(bytes: Buffer): boolean {
  return bytes.length >= 12 && bytes.toString('ascii', 0, 4) === 'RIFF' && bytes.toString('ascii', 8, 12) === 'WAVE';
}
