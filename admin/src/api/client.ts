/**
 * The one HTTP client: bearer token, JSON in and out, and the server's `{error:{code,message}}`
 * turned into an ApiError whose message is the server's own words.
 */

const TOKEN_KEY = 'szcg.staffToken';

/** The token lives per tab: closing the tab ends the shift's sign-in on this machine. */
export const tokenStore = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Array<{ field: string; message: string }>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Called when the server says the session is gone, so the app can send the user to 登录. */
let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(handler: () => void) {
  onUnauthenticated = handler;
}

export type QueryValue = string | number | boolean | undefined | null | Array<string | number>;

function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Sent instead of JSON: multipart (photo upload), or a file as it is (a returned workbook). */
  form?: FormData | Blob;
}

/** Sends one request with the bearer token; failures become ApiErrors in the server's words. */
async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = tokenStore.get();
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined = options.form;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(`/api/v1${path}`, options.query), { method, headers, body });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络');
  }
  if (response.ok) return response;
  const payload = await response.json().catch(() => undefined);
  const error = payload?.error ?? { code: 'http.' + response.status, message: response.statusText };
  // A login's own 401 is a wrong password, not an expired session.
  if (response.status === 401 && path !== '/auth/staff') onUnauthenticated();
  throw new ApiError(response.status, error.code, error.message, error.fields);
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json().catch(() => undefined)) as T;
}

/**
 * Bytes only staff may read (original photos, call recordings, .xlsx exports): an <img> or <a>
 * cannot send the bearer token, so the bytes come through fetch and are shown from a blob URL.
 */
export async function fetchBlob(path: string, query?: Record<string, QueryValue>): Promise<Blob> {
  return (await send('GET', path, { query })).blob();
}

/** Saves a staff-only download (an .xlsx export) under the given file name. */
export async function downloadFile(path: string, fileName: string, query?: Record<string, QueryValue>): Promise<void> {
  const url = URL.createObjectURL(await fetchBlob(path, query));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { form }),
  /** A file as the request body, typed by its own MIME type (a returned .xlsx workbook). */
  uploadFile: <T>(path: string, file: Blob) => request<T>('POST', path, { form: file }),
};
