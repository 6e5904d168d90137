import { abortedError, CredentialsError, httpRequest, isCredentialsError, type HttpResponse } from '@alicred/core';

const TOKEN_PATH = '/latest/api/token';
const TTL_HEADER = 'X-aliyun-ecs-metadata-token-ttl-seconds';
const TOKEN_HEADER = 'X-aliyun-ecs-metadata-token';
const BACKOFF_BASE_MS = 100;
/** Tokens are renewed this long before their TTL runs out (at most a quarter of the TTL). */
const TOKEN_RENEW_MARGIN_MS = 5 * 60_000;

/** Options of {@link createMetadataClient}. */
export interface MetadataClientOptions {
  /** Origin of the metadata service (validated by `checkMetadataEndpoint`). */
  endpoint: URL;
  provider: string;
  /** Deadline of each request, in ms. */
  timeoutMs: number;
  /** Retries of a request that got a 5xx or no answer at all (not a timeout). */
  retries: number;
  maxBodyBytes: number;
  /** TTL asked for the IMDSv2 token, in seconds (1–21600). */
  tokenTtlSeconds: number;
  fetch?: typeof fetch;
  now: () => number;
  random: () => number;
  /** Diagnostics (the v1 fallback); never given a token. */
  debug?: (message: string) => void;
  /** Waits between retries (tests inject one). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Options of one fetch ({@link MetadataClient.session}). */
export interface MetadataSessionOptions {
  signal?: AbortSignal;
  /**
   * The setting that forbids IMDSv1 (e.g. `ALIBABA_CLOUD_IMDSV1_DISABLED=true`), named in the error when the
   * v1 fallback would have been needed; `undefined` when v1 is allowed.
   */
  v1Blocker?: string;
}

/** The requests of one credentials fetch: a failed token request is not repeated within it. */
export interface MetadataSession {
  /**
   * GETs a metadata path. Returns the final response whatever its status (the caller gives 404 its meaning);
   * throws `Timeout`/`NetworkError`/`BodyTooLarge`/`Aborted` when no response could be had, and an error
   * naming the blocking setting when IMDSv1 would have been needed but is disabled.
   */
  get(path: string): Promise<HttpResponse>;
}

/** The metadata service with IMDSv2 first, a cached token and the official v1 fallback rules. */
export interface MetadataClient {
  /** Starts one fetch (role-name lookup and credentials GET share its token decision). */
  session(options?: MetadataSessionOptions): MetadataSession;
  /** Whether the service has ever answered (any HTTP status): tells "not on ECS" from "ECS is broken". */
  readonly answered: boolean;
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

/** A failed metadata request: the response (non-2xx) or the error (no response). */
type Outcome = { response: HttpResponse } | { error: CredentialsError };

/**
 * Creates the metadata client of one provider. State it keeps between refreshes (the official libraries
 * keep none):
 *
 * - the IMDSv2 token, until shortly before its TTL (one PUT per TTL instead of one or two per refresh);
 * - "this instance has no token endpoint" after the PUT answered 404 or 405, so old instances get one v1
 *   GET per refresh instead of a failing PUT each time; a 401 to a v1 GET clears it again.
 *
 * Fallback rules (the official libraries' since 2026-08), decided on status and error code only:
 *
 * 1. token PUT fails (any non-200 or no answer) → GET without a token, unless IMDSv1 is disabled; the
 *    other GETs of the same fetch (session) do not ask for a token again;
 * 2. token OK but the GET fails (no answer, or a status other than 200 and 404) → the same GET once more
 *    without the token, unless IMDSv1 is disabled. A 401 first drops a cached token and tries a fresh one.
 */
export function createMetadataClient(options: MetadataClientOptions): MetadataClient {
  const { provider, endpoint } = options;
  const sleep = options.sleep ?? sleepFor;
  let token: { value: string; renewAt: number } | undefined;
  let noTokenEndpoint = false;
  let answered = false;

  async function send(method: string, path: string, headers: Record<string, string>, signal?: AbortSignal): Promise<HttpResponse> {
    const url = new URL(path, endpoint).href;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await httpRequest(url, {
          provider,
          method,
          headers,
          timeoutMs: options.timeoutMs,
          maxBodyBytes: options.maxBodyBytes,
          signal,
          fetch: options.fetch,
          followRedirects: false,
          // Our own retry loop below: only 5xx and connection failures, never a timeout (a hung or absent
          // metadata service would cost another full timeout per retry) or a 4xx/429.
          idempotent: false,
        });
        answered = true;
        if (response.status < 500 || attempt >= options.retries) return response;
      } catch (error) {
        if (!isCredentialsError(error) || error.code !== 'NetworkError' || attempt >= options.retries) throw error;
      }
      const delay = BACKOFF_BASE_MS * 2 ** attempt;
      try {
        await sleep(delay / 2 + (options.random() * delay) / 2, signal);
      } catch {
        if (signal?.aborted) throw abortedError(signal, provider);
        throw new CredentialsError(`${provider}: the retry wait for ${method} ${path} failed.`, { code: 'Aborted', provider });
      }
    }
  }

  async function attempt(path: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Outcome> {
    try {
      return { response: await send('GET', path, headers, signal) };
    } catch (error) {
      if (signal?.aborted || !isCredentialsError(error) || error.code === 'Aborted') throw error;
      return { error };
    }
  }

  /** A fresh token, or the reason there is none (a non-200 response or a request error). */
  async function fetchToken(signal?: AbortSignal): Promise<string | Outcome> {
    let response: HttpResponse;
    try {
      response = await send('PUT', TOKEN_PATH, { [TTL_HEADER]: String(options.tokenTtlSeconds) }, signal);
    } catch (error) {
      if (signal?.aborted || !isCredentialsError(error) || error.code === 'Aborted') throw error;
      return { error };
    }
    const value = response.text.trim();
    // A token goes into a header: anything but visible ASCII would be a broken (or hostile) answer.
    if (response.status !== 200 || !/^[\x21-\x7e]{1,4096}$/.test(value)) return { response };
    const ttlMs = options.tokenTtlSeconds * 1000;
    token = { value, renewAt: options.now() + ttlMs - Math.min(TOKEN_RENEW_MARGIN_MS, ttlMs / 4) };
    return value;
  }

  function describe(outcome: Outcome): string {
    return 'response' in outcome ? `HTTP ${outcome.response.status}` : `${outcome.error.code}`;
  }

  function blocked(what: string, outcome: Outcome, blocker: string): CredentialsError {
    const code = 'error' in outcome ? outcome.error.code : 'HttpError';
    return new CredentialsError(
      `${provider}: ${what} failed (${describe(outcome)}) and the IMDSv1 fallback without a token is disabled by ${blocker}: ` +
        'check that this instance supports IMDSv2 tokens (and that no proxy sits in between), or allow IMDSv1.',
      { code, provider, cause: 'error' in outcome ? outcome.error : undefined },
    );
  }

  const settle = (outcome: Outcome): HttpResponse => {
    if ('error' in outcome) throw outcome.error;
    return outcome.response;
  };
  const failed = (outcome: Outcome): boolean => 'error' in outcome || (outcome.response.status !== 200 && outcome.response.status !== 404);

  async function get(path: string, callOptions: MetadataSessionOptions, state: { tokenFailed: boolean }): Promise<HttpResponse> {
    const { signal, v1Blocker } = callOptions;
    let current: string | undefined;
    let fromCache = false;
    if ((!noTokenEndpoint || v1Blocker !== undefined) && !state.tokenFailed) {
      if (token && options.now() < token.renewAt) {
        current = token.value;
        fromCache = true;
      } else {
        token = undefined;
        const fetched = await fetchToken(signal);
        if (typeof fetched === 'string') {
          current = fetched;
        } else {
          if (v1Blocker !== undefined) throw blocked(`the IMDSv2 token request (PUT ${TOKEN_PATH})`, fetched, v1Blocker);
          // Not again in this fetch: a hung token endpoint would cost a timeout per request.
          state.tokenFailed = true;
          const status = 'response' in fetched ? fetched.response.status : 0;
          if (status === 404 || status === 405) noTokenEndpoint = true;
          options.debug?.(`${provider}: the IMDSv2 token request failed (${describe(fetched)}); using IMDSv1 without a token.`);
        }
      }
    }

    if (current === undefined) {
      const outcome = await attempt(path, {}, signal);
      if ('response' in outcome && outcome.response.status === 401) noTokenEndpoint = false;
      return settle(outcome);
    }

    let outcome = await attempt(path, { [TOKEN_HEADER]: current }, signal);
    if (!failed(outcome)) return settle(outcome);
    if ('response' in outcome && outcome.response.status === 401) {
      // The service no longer knows our token (it restarted, or the clocks disagree): forget it.
      token = undefined;
      if (fromCache) {
        const fresh = await fetchToken(signal);
        if (typeof fresh === 'string') {
          outcome = await attempt(path, { [TOKEN_HEADER]: fresh }, signal);
          if (!failed(outcome)) return settle(outcome);
        }
      }
    }
    if (v1Blocker !== undefined) throw blocked(`GET ${path} with an IMDSv2 token`, outcome, v1Blocker);
    options.debug?.(`${provider}: GET ${path} with an IMDSv2 token failed (${describe(outcome)}); retrying once without the token (IMDSv1).`);
    return settle(await attempt(path, {}, signal));
  }

  return {
    session(sessionOptions = {}) {
      const state = { tokenFailed: false };
      return { get: (path: string) => get(path, sessionOptions, state) };
    },
    get answered() {
      return answered;
    },
  };
}
