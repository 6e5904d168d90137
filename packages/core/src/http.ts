import { abortedError } from './abort';
import { CredentialsError } from './errors';
import { USER_AGENT } from './user-agent';

/** Options of {@link httpRequest}. */
export interface HttpRequestInit {
  /** Name of the calling provider, used in error messages. */
  provider: string;
  /** HTTP method (default `GET`). */
  method?: string;
  /** Request headers. A `User-Agent` is added unless one is given. */
  headers?: Record<string, string> | Headers;
  /** Request body (strings are sent as UTF-8). */
  body?: string | Uint8Array;
  /** Deadline for each attempt, headers and body included (default 10 000 ms). */
  timeoutMs?: number;
  /** The caller's signal: aborts the request and any retry wait, with code `Aborted`. */
  signal?: AbortSignal;
  /** Largest accepted response body in bytes (default 65 536); a larger one fails with `BodyTooLarge`. */
  maxBodyBytes?: number;
  /**
   * Whether the request may be sent again safely. Only idempotent requests are retried (network errors,
   * timeouts, HTTP 429 and 5xx).
   */
  idempotent?: boolean;
  /** Retries after the first attempt (default 2 when `idempotent`, else 0 — and always 0 when not idempotent). */
  retries?: number;
  /** The fetch to use (default the global `fetch`); e.g. a wrapper that adds a connect timeout. */
  fetch?: typeof fetch;
  /** Follow redirects (default `false`: a 3xx response is returned to the caller, never followed). */
  followRedirects?: boolean;
  /** Passed through to fetch as `dispatcher` (an undici `Agent` or `ProxyAgent` on Node). */
  dispatcher?: unknown;
  /** Waits between retries (default a `setTimeout` that the signal can cut short); inject for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1) for the retry backoff (default `Math.random`). */
  random?: () => number;
}

/** A fully read response. */
export interface HttpResponse {
  /** HTTP status (0 for an opaque redirect in browsers). */
  status: number;
  /** Response headers. */
  headers: Headers;
  /** The body, decoded as UTF-8. */
  text: string;
  /** The URL that answered. */
  url: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BODY_BYTES = 65_536; // 64 KiB, a literal so unused copies tree-shake
const BACKOFF_BASE_MS = 200;
const BACKOFF_MAX_MS = 5_000;

/** Marks our own timeout as the abort reason, to tell it apart from the caller's abort. */
class TimeoutSignal extends Error {}

/** A URL for messages: scheme, host and path, never the query string or user info (they may hold secrets). */
export function describeUrl(url: string | URL): string {
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Some runtimes put the full URL (query string included) into network error messages. Keep the original
 * error as `cause` only when it cannot leak the query; otherwise replace it with a scrubbed copy.
 */
function safeCause(error: unknown, url: URL): unknown {
  if (!(error instanceof Error) || (url.search === '' && url.username === '' && url.password === '')) return error;
  const text = `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}`;
  if (!text.includes(url.search) && (url.password === '' || !text.includes(url.password))) return error;
  const scrubbed = new Error(error.message.split(url.href).join(describeUrl(url)).split(url.search).join('?…'));
  scrubbed.name = error.name;
  return scrubbed;
}

async function readCapped(response: Response, max: number, where: string, provider: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  const tooLarge = () =>
    new CredentialsError(`${where} sent a response body larger than ${max} bytes (HTTP ${response.status}); it was not read.`, {
      code: 'BodyTooLarge',
      provider,
    });
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

interface AttemptFailure {
  error: CredentialsError;
  retryable: boolean;
}

/**
 * One HTTP request over `fetch` with the safety alicred needs for credential endpoints: a per-attempt
 * timeout, the caller's `AbortSignal`, a capped body read through a streaming reader, retries with
 * exponential backoff and jitter for idempotent requests only, a `User-Agent: alicred/<version> (<runtime>)`
 * header, and redirects not followed unless asked.
 *
 * Every HTTP status is returned as a response (use {@link assertHttpOk} to turn a non-2xx into an error);
 * 429 and 5xx are retried first when the request is idempotent. Thrown errors are `CredentialsError`s with
 * code `Timeout`, `Aborted`, `NetworkError`, `BodyTooLarge` or `InvalidConfiguration` (bad URL); their
 * messages name the method, scheme, host and path — never the query string, headers or body.
 *
 * @example
 * ```ts
 * const res = await httpRequest('http://127.0.0.1:8080/credentials', { provider: 'uri', idempotent: true });
 * const body = parseJsonBody(assertHttpOk(res, 'uri'), 'uri');
 * ```
 */
export async function httpRequest(url: string, init: HttpRequestInit): Promise<HttpResponse> {
  const provider = init.provider;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CredentialsError(`${provider}: the request URL is not a valid absolute URL.`, { code: 'InvalidConfiguration', provider });
  }
  const method = (init.method ?? 'GET').toUpperCase();
  const where = `${method} ${describeUrl(parsed)}`;
  const fetchImpl = init.fetch ?? globalThis.fetch;
  const retries = init.idempotent ? Math.max(0, Math.floor(init.retries ?? 2)) : 0;
  const sleep = init.sleep ?? sleepFor;
  const random = init.random ?? Math.random;
  const headers = new Headers(init.headers);
  if (!headers.has('user-agent')) headers.set('user-agent', USER_AGENT);

  for (let attempt = 0; ; attempt++) {
    if (init.signal?.aborted) throw abortedError(init.signal, provider);
    const outcome = await attemptOnce(fetchImpl, parsed, method, headers, init, where);
    const last = attempt >= retries;
    if ('response' in outcome) {
      const status = outcome.response.status;
      if (last || !(status === 429 || status >= 500)) return outcome.response;
    } else if (last || !outcome.retryable) {
      throw outcome.error;
    }
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
    try {
      await sleep(delay / 2 + (random() * delay) / 2, init.signal);
    } catch {
      if (init.signal?.aborted) throw abortedError(init.signal, provider);
      throw new CredentialsError(`${provider}: the retry wait for ${where} failed.`, { code: 'Aborted', provider });
    }
  }
}

async function attemptOnce(
  fetchImpl: typeof fetch,
  url: URL,
  method: string,
  headers: Headers,
  init: HttpRequestInit,
  where: string,
): Promise<{ response: HttpResponse } | AttemptFailure> {
  const provider = init.provider;
  const timeoutMs = init.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(init.signal?.reason);
  init.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new TimeoutSignal()), timeoutMs);
  try {
    const requestInit: RequestInit & { dispatcher?: unknown } = {
      method,
      headers,
      signal: controller.signal,
      redirect: init.followRedirects ? 'follow' : 'manual',
    };
    if (init.body !== undefined) requestInit.body = init.body as BodyInit;
    if (init.dispatcher !== undefined) requestInit.dispatcher = init.dispatcher;
    const response = await fetchImpl(url.href, requestInit);
    const text = await readCapped(response, init.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, where, provider);
    return { response: { status: response.status, headers: response.headers, text, url: response.url || url.href } };
  } catch (error) {
    if (error instanceof CredentialsError || (error as { name?: unknown })?.name === 'CredentialsError') {
      return { error: error as CredentialsError, retryable: false };
    }
    if (controller.signal.aborted && controller.signal.reason instanceof TimeoutSignal) {
      return {
        error: new CredentialsError(`${provider}: ${where} timed out after ${timeoutMs} ms.`, { code: 'Timeout', provider }),
        retryable: true,
      };
    }
    if (init.signal?.aborted) return { error: abortedError(init.signal, provider), retryable: false };
    const detail = error instanceof Error ? errorDetail(error) : '';
    return {
      error: new CredentialsError(`${provider}: ${where} failed without an HTTP response${detail}.`, {
        code: 'NetworkError',
        provider,
        cause: safeCause(error, url),
      }),
      retryable: true,
    };
  } finally {
    clearTimeout(timer);
    init.signal?.removeEventListener('abort', onCallerAbort);
  }
}

/** A short, secret-free reason such as ` (ECONNREFUSED)`, from the error codes Node and undici use. */
function errorDetail(error: Error): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = (error as { code?: unknown }).code ?? cause?.code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? ` (${code})` : '';
}
