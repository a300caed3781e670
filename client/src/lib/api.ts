// REST calls to the Tribune API from the browser. Answers come back in the same shape as
// socket acks (`{ ok, data }` / `{ ok: false, error }`) so that pages show every failure
// the same way (i18n.errorMessage), including a server that cannot be reached.
import type { Ack } from './view-types.ts';

export interface RequestOptions {
  body?: unknown;
  token?: string | null;
  signal?: AbortSignal;
  /** Base URL (tests); default: same origin. */
  baseUrl?: string;
  /** Sent as `Idempotency-Key`: a command retried with it is applied once. */
  idempotencyKey?: string;
}

export async function api<T>(method: string, path: string, opts: RequestOptions = {}): Promise<Ack<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(`${opts.baseUrl ?? ''}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    return { ok: false, error: { code: 'OFFLINE', message: String(err) } };
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    return { ok: false, error: { code: res.ok ? 'INTERNAL' : statusCode(res.status), message: text.slice(0, 200) } };
  }
  if (res.ok) return { ok: true, data: json as T };
  const error = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string') {
    return {
      ok: false,
      error: { code: error.code, message: String(error.message ?? ''), ...(error.details ? { details: error.details } : {}) },
    };
  }
  return { ok: false, error: { code: statusCode(res.status), message: `HTTP ${res.status}` } };
}

/** A code for an answer that carries none (a proxy error page, for instance). */
function statusCode(status: number): string {
  if (status === 404) return 'NOT_FOUND';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'UNAVAILABLE';
  return 'INTERNAL';
}

/** Save a text as a file download (exports of the archive). */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
