// The one way the storefront talks to the API: same-origin cookies, JSON, the session's CSRF token
// on every state-changing request, and application/problem+json errors turned into ApiProblem.

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

export class ApiProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly requestId: string | undefined;
  /** Seconds from the Retry-After header (429, 503), when the server sent one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    status: number;
    title: string;
    detail?: string | undefined;
    errors?: FieldError[] | undefined;
    requestId?: string | undefined;
    retryAfterSeconds?: number | undefined;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiProblem';
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors;
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/** status 0: the request never got an HTTP answer (offline, DNS, server down). */
export const networkStatus = 0;

export function isApiProblem(error: unknown): error is ApiProblem {
  return error instanceof ApiProblem;
}

let csrfToken: string | null = null;

/** Called whenever a session is loaded or cleared; the token goes on every non-GET request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => {
  const next = window.location.pathname + window.location.search;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
};

/** The router installs a handler that navigates to /login?next=… without a full reload. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

/** A list (brand=联想&brand=华为) is sent as the key repeated once per value. */
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** false for calls where a 401 is an answer, not an expired session (login, the session probe). */
  redirectOn401?: boolean;
  /** Extra request headers (an Idempotency-Key); accept, content-type and the CSRF token are set here. */
  headers?: Record<string, string>;
}

export function buildUrl(path: string, query: Record<string, QueryValue> | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value as readonly (string | number)[]) params.append(key, String(item));
    else params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function toProblem(response: Response): Promise<ApiProblem> {
  let body: ProblemBody = {};
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      body = (await response.json()) as ProblemBody;
    } catch {
      body = {};
    }
  }
  return new ApiProblem({
    status: response.status,
    title: body.title ?? response.statusText,
    detail: body.detail,
    errors: Array.isArray(body.errors) ? body.errors : undefined,
    requestId: body.requestId ?? response.headers.get('x-request-id') ?? undefined,
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
  });
}

const DEVICE_KEY = 'jicai.deviceId';
const DEVICE_ID = /^[A-Za-z0-9_-]{1,64}$/;
let memoryDeviceId: string | null = null;

/** A stable random id of this browser, kept in localStorage and sent as x-device-id: the platform records where bids and quotes come from. */
export function deviceId(): string {
  try {
    const kept = localStorage.getItem(DEVICE_KEY);
    if (kept && DEVICE_ID.test(kept)) return kept;
    const fresh = crypto.randomUUID();
    localStorage.setItem(DEVICE_KEY, fresh);
    return fresh;
  } catch {
    // Storage blocked (private mode): one id for this page's life.
    return (memoryDeviceId ??= crypto.randomUUID());
  }
}

const withDeviceId = (headers: HeadersInit | undefined) => {
  const all = new Headers(headers);
  all.set('x-device-id', deviceId());
  return all;
};

/** Turns a fetch outcome into the answer or an ApiProblem; a 401 logs the session out (unless told not to). */
async function send<T>(url: string, init: RequestInit, redirectOn401: boolean | undefined): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: withDeviceId(init.headers), credentials: 'same-origin' });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiProblem({ status: networkStatus, title: 'Network error' });
  }

  if (!response.ok) {
    const problem = await toProblem(response);
    if (problem.status === 401 && redirectOn401 !== false) {
      setCsrfToken(null);
      onUnauthorized();
    }
    throw problem;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined as T;
  return (await response.json()) as T;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  return send<T>(
    buildUrl(path, options.query),
    {
      method,
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    },
    options.redirectOn401,
  );
}

export interface UploadOptions {
  query?: Record<string, QueryValue>;
  signal?: AbortSignal | undefined;
  /** The multipart field the server reads; "file" everywhere in this API. */
  field?: string;
}

/**
 * One file as multipart/form-data (field "file"), with the CSRF token and the same problem+json
 * handling as apiRequest. The browser sets the multipart boundary itself: no content-type here.
 */
export async function apiUpload<T>(path: string, file: Blob, options: UploadOptions = {}): Promise<T> {
  const form = new FormData();
  const filename = file instanceof File ? file.name : 'upload';
  form.append(options.field ?? 'file', file, filename);
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  return send<T>(buildUrl(path, options.query), { method: 'POST', headers, body: form, signal: options.signal ?? null }, true);
}

/** The file name a Content-Disposition header gives (filename*=UTF-8''… first), or the fallback. */
function dispositionName(header: string | null, fallback: string): string {
  const encoded = header ? /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1] : undefined;
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      return fallback;
    }
  }
  return (header ? /filename="?([^";]+)"?/i.exec(header)?.[1] : undefined) ?? fallback;
}

/**
 * A file the API generates (an XLSX export), fetched with the session and saved under the name the
 * server gives; a failure is the same ApiProblem as any other call, so the page can say why.
 */
export async function apiDownload(path: string, query: Record<string, QueryValue> | undefined, fallbackName: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), { credentials: 'same-origin', headers: withDeviceId({ accept: '*/*' }) });
  } catch {
    throw new ApiProblem({ status: networkStatus, title: 'Network error' });
  }
  if (!response.ok) {
    const problem = await toProblem(response);
    if (problem.status === 401) {
      setCsrfToken(null);
      onUnauthorized();
    }
    throw problem;
  }
  const name = dispositionName(response.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) => apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
  upload: <T>(path: string, file: Blob, options?: UploadOptions) => apiUpload<T>(path, file, options),
};
