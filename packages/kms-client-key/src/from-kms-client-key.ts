import {
  createCredentials,
  detectRuntime,
  refreshing,
  resolveLogger,
  type CredentialProvider,
  type Credentials,
  type Logger,
  type ProviderOptions,
} from '@alicred/core';
import { resolveConfig, type KmsClientKeySource, type ResolvedConfig } from './config';
import { kmsClientKeyError, PROVIDER_NAME } from './errors';
import { getSecretValue } from './get-secret-value';
import { rateLimiter, refreshSchedule } from './schedule';
import { parseRamSecret } from './secret';

/** Options of {@link fromKmsClientKey}: where the key and secret are ({@link KmsClientKeySource}) and how to refresh. */
export interface KmsClientKeyInit extends KmsClientKeySource {
  /** Longest time between two fetches of the secret, whatever its rotation schedule (default 6 h). */
  maxRefreshIntervalMs?: number;
  /**
   * How long after its scheduled refresh a key is still handed out while KMS cannot be reached (default
   * 24 h). KMS keeps a rotated-out AccessKey working for a while, and a consumer that sees it rejected calls
   * `reportInvalid`. The credentials' `expiration` is the end of this period.
   */
  maxStaleMs?: number;
  /** Per-request timeout for GetSecretValue (default 10 000 ms). */
  timeoutMs?: number;
  /** Retries per endpoint for throttling, 5xx, timeouts and network errors (default 2). */
  retries?: number;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /** Clock in ms since the epoch (default `Date.now`); also signs the request Timestamp. */
  now?: () => number;
  /** Jitter source in [0, 1) (default `Math.random`). */
  random?: () => number;
  /** Where refresh failures go (default silent unless `ALICRED_DEBUG`). */
  logger?: Logger;
  /** Share one in-flight fetch between concurrent callers (default true, false on Cloudflare Workers). */
  shareInFlight?: boolean;
}

/**
 * A {@link CredentialProvider} with a way back: consumers that see the AccessKey rejected tell the provider,
 * which then fetches the secret again at once (at most 5 times per 10 minutes).
 */
export interface KmsClientKeyProvider extends CredentialProvider {
  /**
   * Reports that a service answered `InvalidAccessKeyId` (or `InvalidAccessKeyId.NotFound`) for
   * `accessKeyId`. Resolves `true` when the provider now holds a different key (retry the call once with
   * `await provider()`), `false` when it could not get one (rate-limited, KMS unreachable, or KMS still
   * returns the same key). Never rejects.
   */
  reportInvalid(accessKeyId: string, options?: { signal?: AbortSignal }): Promise<boolean>;
}

const DEFAULT_MAX_REFRESH_INTERVAL_MS = 6 * 3600_000;
const DEFAULT_MAX_STALE_MS = 24 * 3600_000;
const RETRY_BASE_MS = 10_000;
const RETRY_MAX_MS = 5 * 60_000;
const REFRESH_LEASE_MS = 30_000;
const REPORTS_PER_WINDOW = 5;
const REPORT_WINDOW_MS = 10 * 60_000;

/** A programming error in the options is reported at once, not on the first call. */
function positiveMs(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw kmsClientKeyError(`${name} must be a positive number of milliseconds.`, 'InvalidConfiguration');
  }
  return value;
}

/**
 * Credentials from a KMS-managed, automatically rotated RAM AccessKey (`RAMCredentials` secret), read with
 * an Application Access Point ClientKey: `GetSecretValue` on the KMS shared gateway signed with
 * SHA256withRSA. Nothing is read or fetched until the first call.
 *
 * - Refresh follows the secret's rotation: shortly after `NextRotationDate` (capped by `RotationInterval`
 *   and `maxRefreshIntervalMs`, jittered); callers get the cached key at once while the refresh runs.
 * - If KMS is down, the cached key keeps being served for up to `maxStaleMs` after its scheduled refresh.
 * - `provider.reportInvalid(accessKeyId)` refreshes at once when a service rejects the key.
 * - Node reads the PKCS#12 ClientKey itself; edge runtimes take `{ keyId, privateKey }` (see `readClientKey`).
 *
 * @example
 * ```ts
 * const credentials = fromKmsClientKey({
 *   clientKeyFile: './clientKey_KAAP.xxxx.json',
 *   passwordFile: './clientKey_KAAP.xxxx_Password.txt',
 *   regionId: 'cn-hangzhou',
 *   secretName: 'acs/ram/user/app',
 * });
 * const { accessKeyId, accessKeySecret } = await credentials();
 * ```
 */
export function fromKmsClientKey(init: KmsClientKeyInit = {}): KmsClientKeyProvider {
  const now = init.now ?? Date.now;
  const random = init.random ?? Math.random;
  const share = init.shareInFlight ?? detectRuntime() !== 'workerd';
  const log = (): Logger => resolveLogger(init.logger);
  const scheduleOptions = {
    maxRefreshIntervalMs: positiveMs(init.maxRefreshIntervalMs, 'maxRefreshIntervalMs') ?? DEFAULT_MAX_REFRESH_INTERVAL_MS,
    maxStaleMs: positiveMs(init.maxStaleMs, 'maxStaleMs') ?? DEFAULT_MAX_STALE_MS,
    random,
  };

  // The decrypted key is kept only as a non-extractable CryptoKey inside `resolved`. A failed resolution is
  // not cached, so fixing a file or variable takes effect on the next call.
  let resolved: ResolvedConfig | undefined;
  let resolving: Promise<ResolvedConfig> | undefined;
  async function config(): Promise<ResolvedConfig> {
    if (resolved) return resolved;
    if (!share) return (resolved = await resolveConfig(init));
    resolving ??= resolveConfig(init).finally(() => {
      resolving = undefined;
    });
    return (resolved = await resolving);
  }

  let current: { creds: Credentials; refreshAt: number } | undefined;

  async function fetchSecret(signal?: AbortSignal): Promise<Credentials> {
    const cfg = await config();
    const body = await getSecretValue({
      config: cfg,
      now,
      random,
      signal,
      fetch: init.fetch,
      timeoutMs: init.timeoutMs,
      retries: init.retries,
    });
    const fetchedAt = now();
    const secret = parseRamSecret(body, cfg.secretName);
    const { refreshAt, expiresAt } = refreshSchedule(secret, fetchedAt, scheduleOptions);
    const creds = createCredentials({
      accessKeyId: secret.accessKeyId,
      accessKeySecret: secret.accessKeySecret,
      expiration: new Date(expiresAt),
      providerName: PROVIDER_NAME,
    });
    if (expiresAt > fetchedAt) current = { creds, refreshAt };
    log().debug(
      `${PROVIDER_NAME}: fetched ${cfg.secretName}${secret.versionId ? ` version ${secret.versionId}` : ''}; ` +
        `next refresh at ${new Date(refreshAt).toISOString()}.`,
    );
    return creds;
  }

  // Core's cache gives single flight, hard expiry and error wrapping; its own refresh window is switched off
  // (0) because the schedule here comes from the secret's rotation, not from the key's lifetime.
  const cache = refreshing(fetchSecret, {
    providerName: PROVIDER_NAME,
    now,
    random,
    logger: init.logger,
    shareInFlight: share,
    refreshWindowMs: () => 0,
  });

  let failures = 0;
  let retryAt = Number.NEGATIVE_INFINITY;
  let leaseUntil = Number.NEGATIVE_INFINITY;
  let background: Promise<void> | undefined;

  function succeeded(): void {
    failures = 0;
    retryAt = Number.NEGATIVE_INFINITY;
  }
  function failed(error: unknown): void {
    failures += 1;
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (failures - 1));
    retryAt = now() + delay / 2 + (random() * delay) / 2;
    log().warn(
      `${PROVIDER_NAME}: the scheduled refresh failed (${(error as { code?: string }).code ?? 'error'}); ` +
        `serving the cached AccessKey until ${current?.creds.expiration?.toISOString() ?? 'it expires'}, next try in ` +
        `${Math.round((retryAt - now()) / 1000)} s.`,
    );
  }

  const provider = async (options?: ProviderOptions): Promise<Credentials> => {
    const t = now();
    const cached = current;
    const due =
      !options?.forceRefresh && cached !== undefined && t >= cached.refreshAt && t >= retryAt && t < cached.creds.expiration!.getTime();
    if (due && share) {
      background ??= cache({ forceRefresh: true }).then(succeeded, failed).finally(() => {
        background = undefined;
      });
    } else if (due && t >= leaseUntil) {
      // No shared promises (workerd): this caller refreshes, others keep getting the cached key meanwhile.
      leaseUntil = t + REFRESH_LEASE_MS;
      try {
        const fresh = await cache({ forceRefresh: true, signal: options?.signal });
        succeeded();
        return fresh;
      } catch (error) {
        failed(error);
      } finally {
        leaseUntil = Number.NEGATIVE_INFINITY;
      }
    }
    return cache(options);
  };

  const allowReport = rateLimiter(REPORTS_PER_WINDOW, REPORT_WINDOW_MS, now);
  let reporting: { accessKeyId: string; result: Promise<boolean> } | undefined;

  async function reportInvalid(accessKeyId: string, options?: { signal?: AbortSignal }): Promise<boolean> {
    const cached = current;
    if (!cached) return false;
    if (cached.creds.accessKeyId !== accessKeyId) return true;
    if (share && reporting?.accessKeyId === accessKeyId) return reporting.result;
    if (!allowReport()) {
      log().warn(`${PROVIDER_NAME}: AccessKey reported invalid again; not refreshing (at most ${REPORTS_PER_WINDOW} per 10 minutes).`);
      return false;
    }
    const result = cache({ forceRefresh: true, signal: options?.signal }).then(
      (fresh) => {
        succeeded();
        return fresh.accessKeyId !== accessKeyId;
      },
      (error: unknown) => {
        log().warn(`${PROVIDER_NAME}: refreshing after a rejected AccessKey failed (${(error as { code?: string }).code ?? 'error'}).`);
        return false;
      },
    );
    if (share) {
      const entry = { accessKeyId, result };
      reporting = entry;
      void result.finally(() => {
        if (reporting === entry) reporting = undefined;
      });
    }
    return result;
  }

  return Object.assign(provider, { reportInvalid });
}
