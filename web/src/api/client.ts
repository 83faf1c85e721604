// The API client: JSON over fetch to /api/v1, problem+json errors, an Idempotency-Key on every
// mutation, the session's CSRF token once login exists, and a change signal so screens refetch
// after a write.
import { fileNameFromDisposition } from '../lib/files';

export class ApiError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  // Per-record errors of a problem+json answer: {index, field, detail} for a batch, {sheet, row,
  // column, detail} for a workbook, {pointer, detail} for a CSV or dataValueSets file.
  readonly errors: { index?: number; field?: string; sheet?: string; row?: number; column?: string; pointer?: string; detail: string }[];

  constructor(status: number, detail: string, field?: string, errors: ApiError['errors'] = []) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.field = field;
    this.errors = errors;
  }
}

export const API_BASE = '/api/v1';

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

// Called when any request answers 401: the session ended or was never opened.
let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

const changeListeners = new Set<() => void>();
// Subscribes to "data changed" (after every successful mutation). Returns the unsubscribe.
export function onDataChanged(listener: () => void): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}
export function notifyDataChanged(): void {
  for (const listener of [...changeListeners]) listener();
}

function newKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function errorOf(response: Response): Promise<ApiError> {
  let detail = response.statusText || `HTTP ${response.status}`;
  let field: string | undefined;
  let errors: ApiError['errors'] = [];
  try {
    const body = (await response.json()) as { detail?: string; title?: string; field?: string; errors?: ApiError['errors'] };
    detail = body.detail ?? body.title ?? detail;
    field = body.field || undefined;
    errors = Array.isArray(body.errors) ? body.errors : [];
  } catch {
    // not JSON: keep the status text
  }
  return new ApiError(response.status, detail, field, errors);
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  raw?: { bytes: BodyInit; type: string };  // a file sent as is, instead of a JSON body
  version?: number;  // sent as If-Match
  signal?: AbortSignal;
  // A 401 from this request is an answer, not a lost session (signing in, asking for one).
  quiet401?: boolean;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  const mutating = method !== 'GET';
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.raw) headers['Content-Type'] = options.raw.type;
  if (mutating) {
    headers['Idempotency-Key'] = newKey();
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }
  if (options.version !== undefined) headers['If-Match'] = `"${options.version}"`;
  let response: Response;
  try {
    response = await fetch(path.startsWith('/') ? path : `${API_BASE}/${path}`, {
      method,
      headers,
      body: options.raw ? options.raw.bytes : options.body === undefined ? null : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network');
  }
  if (!response.ok) {
    if (response.status === 401 && !options.quiet401) onUnauthenticated?.();
    throw await errorOf(response);
  }
  const result = response.status === 204 ? (undefined as T) : ((await response.json()) as T);
  if (mutating) notifyDataChanged();
  return result;
}

// A file from the server (a report, a template): fetched with the session's cookie, then saved
// through a Blob under the name its Content-Disposition gives.
export async function downloadFile(path: string, query: Query, fallbackName: string, signal?: AbortSignal): Promise<string> {
  let response: Response;
  try {
    response = await fetch(withQuery(`${API_BASE}/${path}`, query), { credentials: 'same-origin', signal: signal ?? null });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network');
  }
  if (!response.ok) {
    if (response.status === 401) onUnauthenticated?.();
    throw await errorOf(response);
  }
  const blob = await response.blob();
  const name = fileNameFromDisposition(response.headers.get('Content-Disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return name;
}

export const api = {
  upload: <T>(path: string, bytes: BodyInit, type: string, query?: Query) =>
    request<T>(withQuery(`${API_BASE}/${path}`, query), { method: 'POST', raw: { bytes, type } }),
  del: <T>(path: string, version?: number) =>
    request<T>(`${API_BASE}/${path}`, version === undefined ? { method: 'DELETE' } : { method: 'DELETE', version }),
  get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
    request<T>(withQuery(`${API_BASE}/${path}`, query), signal ? { signal } : {}),
  post: <T>(path: string, body: unknown, version?: number) =>
    request<T>(`${API_BASE}/${path}`, version === undefined ? { method: 'POST', body } : { method: 'POST', body, version }),
  patch: <T>(path: string, body: unknown, version: number) =>
    request<T>(`${API_BASE}/${path}`, { method: 'PATCH', body, version }),
};
