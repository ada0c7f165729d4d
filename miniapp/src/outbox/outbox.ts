/**
 * Nothing lost, nothing doubled: a report is written to the local outbox (Taro storage) with its
 * kept photos and an Idempotency-Key the moment 提交 is pressed, and leaves it only when the
 * server has confirmed it. Photos go up one by one, each with a few retries, and each photo id
 * is stored as it arrives so a resumed send does not upload it again. A send that finds no
 * network keeps the entry as 待发送; it is tried again on the next launch, when the network
 * comes back, on a timer, or when the citizen taps 重试. The server answers a repeated key with
 * the first report, so however often a send is repeated there is one report.
 */
import Taro from '@tarojs/taro';
import { citizenApi } from '../api/citizen';
import { ApiError, messageOf } from '../api/errors';
import type { Report, SubmitReportInput } from '../api/contract';
import { discardPhoto } from '../platform/photos';
import { currentCitizen } from '../session/session';

const STORAGE_KEY = 'outbox.v1';
export const OUTBOX_CHANGED = 'outbox:changed';
/** Fired with `{ key, report }` when the server confirms an entry. */
export const OUTBOX_SENT = 'outbox:sent';
const PHOTO_ATTEMPTS = 3;
const RETRY_EVERY_MS = 30_000;

export interface OutboxEntry {
  /** The Idempotency-Key, made when 提交 was pressed. */
  key: string;
  citizenId: number;
  createdAt: string;
  input: Omit<SubmitReportInput, 'photoIds'>;
  /** Shown in 我的上报 while waiting. */
  categoryName: string;
  photos: Array<{ path: string; photoId?: string }>;
  /** waiting: 待发送 (no network); failed: the server refused it and the citizen must decide. */
  state: 'waiting' | 'failed';
  /** The Chinese reason of the last failure. */
  error?: string;
}

function read(): OutboxEntry[] {
  return Taro.getStorageSync<OutboxEntry[]>(STORAGE_KEY) || [];
}

function write(entries: OutboxEntry[]): void {
  Taro.setStorageSync(STORAGE_KEY, entries);
  Taro.eventCenter.trigger(OUTBOX_CHANGED, entries);
}

function update(key: string, change: (entry: OutboxEntry) => OutboxEntry): void {
  write(read().map((entry) => (entry.key === key ? change(entry) : entry)));
}

/** This citizen's entries, oldest first. */
export function outboxEntries(): OutboxEntry[] {
  const citizen = currentCitizen();
  return citizen ? read().filter((entry) => entry.citizenId === citizen.id) : [];
}

/** Stores a report to send. Throws (storage full) before anything is lost: the form still has it. */
export function enqueue(entry: Omit<OutboxEntry, 'state' | 'createdAt' | 'citizenId'>): void {
  const citizen = currentCitizen();
  if (!citizen) throw new ApiError(401, 'auth.unauthenticated', 'no session');
  write([...read(), { ...entry, citizenId: citizen.id, createdAt: new Date().toISOString(), state: 'waiting' }]);
}

/** The citizen gives up on an entry (e.g. one the server refused). */
export function remove(key: string): void {
  const entry = read().find((candidate) => candidate.key === key);
  entry?.photos.forEach((photo) => discardPhoto(photo.path));
  write(read().filter((candidate) => candidate.key !== key));
}

async function uploadWithRetry(path: string): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return (await citizenApi.uploadPhoto(path)).id;
    } catch (error) {
      if (!(error instanceof ApiError && error.isRetryable) || attempt >= PHOTO_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}

async function send(entry: OutboxEntry): Promise<Report> {
  for (const [index, photo] of entry.photos.entries()) {
    if (photo.photoId) continue;
    const photoId = await uploadWithRetry(photo.path);
    update(entry.key, (current) => ({ ...current, photos: current.photos.map((kept, i) => (i === index ? { ...kept, photoId } : kept)) }));
  }
  const stored = read().find((current) => current.key === entry.key);
  // Removed by the citizen while its photos were going up: nothing to submit.
  if (!stored) throw new ApiError(409, 'outbox.removed', 'removed while sending');
  const photoIds = stored.photos.map((photo) => photo.photoId!);
  return citizenApi.submitReport(entry.key, { ...entry.input, photoIds });
}

let running: Promise<void> | null = null;
let next: Promise<void> | null = null;

/**
 * Sends this citizen's waiting entries, oldest first, one at a time. Stops at the first entry
 * that finds no network (the rest would fail alike). A call during a run gets one more run
 * after it, so an entry stored meanwhile is not left for the timer.
 */
export function flushOutbox(): Promise<void> {
  if (!running) {
    running = sendWaiting().finally(() => {
      running = null;
    });
    return running;
  }
  next ??= running.then(() => {
    next = null;
    return flushOutbox();
  });
  return next;
}

async function sendWaiting(): Promise<void> {
  for (const entry of outboxEntries().filter((candidate) => candidate.state === 'waiting')) {
    try {
      const report = await send(entry);
      write(read().filter((candidate) => candidate.key !== entry.key));
      entry.photos.forEach((photo) => discardPhoto(photo.path));
      Taro.eventCenter.trigger(OUTBOX_SENT, { key: entry.key, report });
    } catch (error) {
      const retryable = error instanceof ApiError ? error.isRetryable : false;
      update(entry.key, (current) => ({ ...current, state: retryable ? 'waiting' : 'failed', error: messageOf(error) }));
      if (retryable) break;
    }
  }
}

/** A refused entry sent again as it is (the citizen may have fixed the cause, e.g. logged in). */
export function retry(key: string): Promise<void> {
  update(key, (entry) => ({ ...entry, state: 'waiting', error: undefined }));
  return flushOutbox();
}

/** Resumes sending at launch, when the network returns, and every 30 s while something waits. */
export function startOutbox(): void {
  const resume = () => flushOutbox().catch(() => undefined);
  if (process.env.TARO_ENV === 'h5') {
    // Taro's H5 network events follow navigator.connection, which not every browser has.
    window.addEventListener('online', resume);
  } else {
    Taro.onNetworkStatusChange(({ isConnected }) => {
      if (isConnected) resume();
    });
  }
  resume();
  setInterval(() => {
    if (outboxEntries().some((entry) => entry.state === 'waiting')) flushOutbox().catch(() => undefined);
  }, RETRY_EVERY_MS);
}
