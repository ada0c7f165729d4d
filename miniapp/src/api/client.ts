/**
 * The one HTTP client: the bearer token (logging in again once when the server says it has
 * expired), JSON in and out, photo uploads, and the server's `{error:{code,message}}` or no
 * answer at all turned into an ApiError with a Chinese message.
 */
import Taro from '@tarojs/taro';
import { ApiError, OFFLINE } from './errors';
import { currentToken, refreshSession } from '../session/session';
import { installationId } from '../session/device';

/** H5 is served by the API itself (/h5/), so it calls its own origin. */
export const API_ROOT = `${API_ORIGIN}/api/v1`;

const TIMEOUT_MS = 15_000;
const UPLOAD_TIMEOUT_MS = 60_000;

/** Token problems a fresh login cures; every other 401 is final. */
const SESSION_EXPIRED = new Set(['auth.token_expired', 'auth.invalid_token', 'auth.session_ended', 'auth.unauthenticated']);

export type Query = Record<string, string | number | undefined | null>;

interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** false for the calls made before there is a session (login, public config). */
  auth?: boolean;
}

function withQuery(path: string, query: Query = {}): string {
  const parts = Object.entries(query)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return parts.length > 0 ? `${path}?${parts.join('&')}` : path;
}

function errorFrom(statusCode: number, data: unknown): ApiError {
  const body = typeof data === 'string' ? safeJson(data) : data;
  const error = (body as { error?: { code?: string; message?: string; fields?: ApiError['fields'] } } | null)?.error;
  return new ApiError(statusCode, error?.code ?? `http.${statusCode}`, error?.message ?? '', error?.fields);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Runs a call with the session's token; a 401 for an expired token logs in again and retries once. */
async function withSession<T>(call: (authorization: string | undefined) => Promise<T>, auth: boolean): Promise<T> {
  if (!auth) return call(undefined);
  const token = currentToken() ?? (await refreshSession());
  try {
    return await call(`Bearer ${token}`);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401 && SESSION_EXPIRED.has(error.code))) throw error;
    return call(`Bearer ${await refreshSession()}`);
  }
}

/** One JSON request; resolves with the body of a 2xx answer. */
export function api<T>(method: 'GET' | 'POST' | 'PUT', path: string, options: RequestOptions = {}): Promise<T> {
  return withSession(async (authorization) => {
    const response = await Taro.request({
      url: withQuery(`${API_ROOT}${path}`, options.query),
      method,
      data: options.body,
      header: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}), ...options.headers },
      timeout: TIMEOUT_MS,
      dataType: 'json',
    }).catch(() => {
      throw new ApiError(0, OFFLINE, 'no answer');
    });
    if (response.statusCode >= 200 && response.statusCode < 300) return response.data as T;
    throw errorFrom(response.statusCode, response.data);
  }, options.auth ?? true);
}

/** Uploads one photo (multipart field `file`) from a local path: a weapp file path or, in H5, a data URL. */
export function uploadPhoto<T>(filePath: string): Promise<T> {
  return withSession(async (authorization) => {
    const response = await Taro.uploadFile({
      url: `${API_ROOT}/photos`,
      filePath,
      name: 'file',
      fileName: 'photo.jpg',
      header: { 'X-Device-Id': installationId(), ...(authorization ? { authorization } : {}) },
      timeout: UPLOAD_TIMEOUT_MS,
    }).catch(() => {
      throw new ApiError(0, OFFLINE, 'no answer');
    });
    const data = safeJson(String(response.data));
    if (response.statusCode >= 200 && response.statusCode < 300) return data as T;
    throw errorFrom(response.statusCode, data);
  }, true);
}

/** Photo URLs from the server are relative to its origin. */
export function photoUrl(url: string): string {
  return url.startsWith('/') ? `${API_ORIGIN}${url}` : url;
}
