import { raceSignal, throwIfAborted } from './abort';
import type { Credentials } from './credentials';
import { CredentialsError, isCredentialsError } from './errors';
import { consoleLogger, resolveLogger, type Logger } from './logger';
import { detectRuntime } from './runtime';
import type { CredentialProvider, ProviderOptions } from './types';

/**
 * Fetches new credentials from a source. `signal` is the caller's signal when the fetch serves one caller
 * only (`shareInFlight: false`), and `undefined` when the fetch is shared: one caller giving up must not
 * cancel the fetch for the others (each caller still stops waiting on its own signal). Bound the fetch with
 * a timeout of its own (`httpRequest` does).
 */
export type CredentialsFetcher = (signal?: AbortSignal) => Promise<Credentials>;

/** Options of {@link refreshing}. */
export interface RefreshingOptions {
  /** Name used in log lines and errors. */
  providerName: string;
  /** Clock in milliseconds since the epoch (default `Date.now`); inject a fake one in tests. */
  now?: () => number;
  /** Source of jitter in [0, 1) (default `Math.random`). */
  random?: () => number;
  /** Where refresh failures and the static-stability warning go (default: silent unless debug is on). */
  logger?: Logger;
  /**
   * When a refresh fails after the cached credentials expired (including a source that answers with
   * credentials that are already expired), keep using the cached ones for another 5–10 minutes (jittered)
   * and log a warning, instead of failing. With nothing cached a failure is an error. The `expiration` on the
   * returned object stays the original one. Only for sources whose credentials the server keeps accepting for
   * a while after expiry (ECS instance metadata); default false.
   */
  staticStability?: boolean;
  /**
   * Share one in-flight fetch between concurrent callers (single flight). Default `true`, except on
   * Cloudflare Workers (`workerd`), where a promise started by one request cannot be awaited by another.
   * With `false`, each caller that needs new credentials fetches them itself with its own signal; inside the
   * refresh window one caller at a time (a 30 s lease) waits for a refresh while the others get the cached
   * credentials at once, and a failed refresh falls back to the still-valid cached credentials.
   */
  shareInFlight?: boolean;
  /**
   * Clock-skew margin: credentials count as expired this long before their `expiration` (default 10 000 ms,
   * capped at half the credentials' lifetime so very short-lived credentials stay usable).
   */
  expirySkewMs?: number;
  /**
   * How long before expiration to start refreshing, from the credentials' lifetime (both in ms). Default
   * {@link defaultRefreshWindowMs}: min(5 min, lifetime / 3). The window is jittered down by up to 20 %.
   */
  refreshWindowMs?: (lifetimeMs: number) => number;
}

/** Default refresh window: min(5 minutes, one third of the lifetime); a 900 s session refreshes at ~10 min. */
export function defaultRefreshWindowMs(lifetimeMs: number): number {
  return Math.min(300_000, lifetimeMs / 3);
}

const DEFAULT_SKEW_MS = 10_000;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 60_000;
// Literals rather than `5 * 60_000`: bundlers keep an unused top-level product, but drop an unused literal.
const EXTENSION_MIN_MS = 300_000;
const EXTENSION_JITTER_MS = 300_000;
const REFRESH_LEASE_MS = 30_000;

/** A cached value and the times (ms) that decide what a call does with it. */
interface Entry {
  readonly creds: Credentials;
  /** From here on the credentials are not returned any more (expiration − skew, or the extension's end). */
  readonly expiresAt: number;
  /** From here on a call starts a refresh (in the background when shared). */
  readonly refreshAt: number;
  /** The settled promise handed to warm-cache callers, made once so a cached call allocates nothing. */
  settled?: Promise<Credentials>;
}

/**
 * Wraps a fetch function into a caching {@link CredentialProvider}:
 *
 * 1. single flight: concurrent callers with nothing cached cause exactly one fetch;
 * 2. the refresh window is relative to the lifetime ({@link RefreshingOptions.refreshWindowMs}), jittered;
 * 3. inside the window a call returns the still-valid credentials at once and starts one background
 *    refresh; a background failure is logged and retried with exponential backoff and jitter (1 s doubling
 *    up to 60 s, "not before t" — no timer), never thrown at callers while the cached credentials are valid;
 * 4. with nothing cached, or hard-expired credentials (see `expirySkewMs`), every caller awaits one fetch;
 *    its error reaches them all and is not cached (a `CredentialsError` as is, anything else wrapped in
 *    `FetchFailed` with the original as `cause`);
 * 5. `forceRefresh` callers share one fetch (joining one already in flight);
 * 6. optional static stability (see {@link RefreshingOptions.staticStability});
 * 7. no timers at all: the clock is checked on each call, so nothing keeps a process alive; every
 *    background promise is handled, so there is never an unhandled rejection;
 * 8. `shareInFlight: false` (the workerd default) never shares a promise between callers.
 *
 * Credentials without `expiration` are cached forever (until a `forceRefresh`).
 *
 * @example
 * ```ts
 * const provider = refreshing(async (signal) => fetchFromMyServer(signal), { providerName: 'my-server' });
 * const creds = await provider();
 * ```
 */
export function refreshing(fetch: CredentialsFetcher, options: RefreshingOptions): CredentialProvider {
  const name = options.providerName;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const skewMs = options.expirySkewMs ?? DEFAULT_SKEW_MS;
  const windowOf = options.refreshWindowMs ?? defaultRefreshWindowMs;
  const share = options.shareInFlight ?? detectRuntime() !== 'workerd';
  const log = (): Logger => resolveLogger(options.logger);

  let entry: Entry | undefined;
  let inflight: Promise<Entry> | undefined;
  let failures = 0;
  let retryAt = Number.NEGATIVE_INFINITY;
  let leaseUntil = Number.NEGATIVE_INFINITY;

  function entryFor(creds: Credentials, fetchedAt: number): Entry {
    if (creds.expiration === undefined) {
      return { creds, expiresAt: Number.POSITIVE_INFINITY, refreshAt: Number.POSITIVE_INFINITY };
    }
    const expiration = creds.expiration.getTime();
    const lifetime = expiration - fetchedAt;
    const skew = Math.min(skewMs, lifetime / 2);
    const window = Math.min(Math.max(windowOf(lifetime), 0), lifetime);
    // Jitter the window down (never up) so many processes that fetched together refresh apart, and the
    // refresh still starts no later than the hard-expiry point.
    const jittered = window * (1 - 0.2 * random());
    return { creds, expiresAt: expiration - skew, refreshAt: Math.min(expiration - jittered, expiration - skew) };
  }

  function extend(creds: Credentials, t: number, why: string): Entry {
    const extraMs = EXTENSION_MIN_MS + random() * EXTENSION_JITTER_MS;
    const extended: Entry = { creds, expiresAt: t + extraMs, refreshAt: t };
    // Always visible (console when no logger was given): users must know they run on extended credentials.
    (options.logger ?? consoleLogger).warn(
      `${name}: ${why}; using the credentials that expired at ${creds.expiration?.toISOString() ?? 'unknown'} ` +
        `for ${Math.round(extraMs / 1000)} s more (static stability) and retrying in the background.`,
    );
    return extended;
  }

  function toError(error: unknown): CredentialsError {
    if (isCredentialsError(error)) return error;
    return new CredentialsError(`fetching credentials from ${name} failed: see \`cause\`.`, {
      code: 'FetchFailed',
      provider: name,
      cause: error,
    });
  }

  /** After a failed fetch: back off, then fall back (still-valid cache, static stability) or rethrow. */
  /** Exponential backoff with "equal jitter": the next background try not before t + d/2 + rand·d/2. */
  function backOff(t: number): void {
    failures += 1;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
    retryAt = t + delay / 2 + (random() * delay) / 2;
  }

  function recover(error: CredentialsError, t: number): Entry {
    backOff(t);
    const current = entry;
    if (current && t < current.expiresAt) {
      log().warn(
        `${name}: refreshing credentials failed (${error.code}); the cached ones stay valid, retrying in ` +
          `${Math.round((retryAt - t) / 1000)} s.`,
        error,
      );
      throw error;
    }
    if (options.staticStability && current) {
      entry = extend(current.creds, t, `refreshing credentials failed (${error.code}: ${error.message})`);
      return entry;
    }
    log().debug(`${name}: fetching credentials failed (${error.code}).`, error);
    throw error;
  }

  async function run(signal: AbortSignal | undefined): Promise<Entry> {
    let creds: Credentials;
    try {
      creds = await fetch(signal);
      if (typeof creds?.accessKeyId !== 'string' || typeof creds.accessKeySecret !== 'string') {
        throw new CredentialsError(`${name} returned something that is not credentials.`, {
          code: 'InvalidResponse',
          provider: name,
        });
      }
    } catch (error) {
      return recover(toError(error), now());
    }
    const t = now();
    if (creds.expiration !== undefined && creds.expiration.getTime() <= t) {
      // A failure like any other: a still-valid cache is kept, static stability extends the *old* credentials
      // (never these), and with nothing cached the caller gets the error.
      return recover(
        new CredentialsError(
          `${name}: the source returned credentials that expired at ${creds.expiration.toISOString()} ` +
            `(now is ${new Date(t).toISOString()}): check the clocks of this machine and the source.`,
          { code: 'Expired', provider: name },
        ),
        t,
      );
    }
    failures = 0;
    retryAt = Number.NEGATIVE_INFINITY;
    entry = entryFor(creds, t);
    return entry;
  }

  function startShared(): Promise<Entry> {
    const promise = run(undefined);
    inflight = promise;
    const clear = (): void => {
      if (inflight === promise) inflight = undefined;
    };
    // Also the rejection handler of a background refresh nobody awaits.
    promise.then(clear, clear);
    return promise;
  }

  async function shared(signal: AbortSignal | undefined, forceRefresh: boolean): Promise<Credentials> {
    const t = now();
    const current = entry;
    if (!forceRefresh && current && t < current.expiresAt) {
      if (t >= current.refreshAt && t >= retryAt && !inflight) startShared();
      return current.creds;
    }
    const result = await raceSignal(inflight ?? startShared(), signal, name);
    return result.creds;
  }

  async function unshared(signal: AbortSignal | undefined, forceRefresh: boolean): Promise<Credentials> {
    const t = now();
    const current = entry;
    if (!forceRefresh && current && t < current.expiresAt) {
      if (t < current.refreshAt || t < retryAt || t < leaseUntil) return current.creds;
      leaseUntil = t + REFRESH_LEASE_MS;
      try {
        return (await raceSignal(run(signal), signal, name)).creds;
      } catch (error) {
        const latest = entry;
        if (latest && now() < latest.expiresAt) return latest.creds;
        throw error;
      } finally {
        leaseUntil = Number.NEGATIVE_INFINITY;
      }
    }
    return (await raceSignal(run(signal), signal, name)).creds;
  }

  async function slow(callOptions: ProviderOptions | undefined): Promise<Credentials> {
    const signal = callOptions?.signal;
    throwIfAborted(signal, name);
    const forceRefresh = callOptions?.forceRefresh === true;
    return share ? shared(signal, forceRefresh) : unshared(signal, forceRefresh);
  }

  return (callOptions?: ProviderOptions): Promise<Credentials> => {
    // Hot path: a warm cache outside the refresh window answers with one clock read and no allocation,
    // which is what makes a cached call cheaper than the official library's. Everything else (refresh
    // window, expiry, abort, forceRefresh) goes through the async path.
    const current = entry;
    if (current !== undefined && (callOptions === undefined || (callOptions.forceRefresh !== true && callOptions.signal?.aborted !== true))) {
      const t = now();
      if (t < current.refreshAt && t < current.expiresAt) return (current.settled ??= Promise.resolve(current.creds));
    }
    return slow(callOptions);
  };
}
