import {
  CredentialsError,
  createCredentials,
  isCredentialsError,
  readEnv,
  refreshing,
  type Credentials,
  type EnvLike,
  type Logger,
  type ProviderOptions,
} from '@alicred/core';
import { createBearerToken, type BearerToken } from './bearer-token';

/** Provider name prefix for tokens and errors from this package. */
export const BEARER_PROVIDER_NAME = 'bearer';
/** The variable read when no `token` is given (the name aliyun-cli uses for bearer tokens). */
export const BEARER_TOKEN_ENV = 'ALIBABA_CLOUD_BEARER_TOKEN';

/** Gives bearer tokens; the bearer counterpart of `CredentialProvider`. */
export type BearerTokenProvider = (options?: ProviderOptions) => Promise<BearerToken>;

/** What a token function may return: the token alone, or the token and when it expires. */
export type BearerTokenResult = string | { token: string; expiration?: Date };

/** A function that fetches a token (from a secret store, an internal token service, …). */
export type BearerTokenFunction = (options: { signal?: AbortSignal }) => BearerTokenResult | Promise<BearerTokenResult>;

/** Options for {@link fromBearerToken}. */
export interface FromBearerTokenInit {
  /**
   * The token, or a function that fetches one. Default: the `ALIBABA_CLOUD_BEARER_TOKEN` variable, read on
   * every call.
   */
  token?: string | BearerTokenFunction;
  /** Expiration of a string `token`; once past, calls fail with code `Expired` instead of sending a dead token. */
  expiration?: Date;
  /** Variables to read `ALIBABA_CLOUD_BEARER_TOKEN` from (Workers bindings, tests). Default: `process.env`. */
  env?: EnvLike;
  /** Clock in epoch milliseconds (tests). */
  now?: () => number;
  /** Randomness for refresh jitter (tests). */
  random?: () => number;
  /** Where background refresh failures are reported. */
  logger?: Logger;
  /** Share one in-flight fetch between concurrent callers (core's default: on, except on workerd). */
  shareInFlight?: boolean;
}

/**
 * Bearer tokens from a string, a function, or `ALIBABA_CLOUD_BEARER_TOKEN`.
 *
 * - A string token is returned as is; with `expiration`, calls after that instant fail with `Expired`.
 * - A function's result is cached by `@alicred/core`'s refresh cache: a token with an `expiration` is
 *   fetched again before it expires (single flight, background refresh, backoff); a token without one is
 *   kept until a call passes `forceRefresh: true`.
 * - With neither, `ALIBABA_CLOUD_BEARER_TOKEN` is read on every call; unset → `NotConfigured` with
 *   `tryNextLink: true`.
 *
 * Use {@link bearerAuth} to turn the token into the `x-acs-bearer-token` request parts.
 *
 * @example
 * ```ts
 * const provider = fromBearerToken({
 *   token: async () => ({ token: await loadTokenFromVault(), expiration: new Date(Date.now() + 3_600_000) }),
 * });
 * const t = await provider();
 * ```
 */
export function fromBearerToken(init: FromBearerTokenInit = {}): BearerTokenProvider {
  const { token } = init;
  if (typeof token === 'function') return fromFunction(token, init);
  if (token !== undefined) {
    const providerName = `${BEARER_PROVIDER_NAME}/static`;
    // Validate eagerly: a bad literal is a programming error worth seeing at start-up.
    const value = createBearerToken({ token, expiration: init.expiration, providerName });
    return async (options) => {
      options?.signal?.throwIfAborted();
      return notExpired(value, init.now);
    };
  }
  return async (options) => {
    options?.signal?.throwIfAborted();
    const fromEnv = readEnv(BEARER_TOKEN_ENV, init.env);
    if (fromEnv === undefined) {
      throw new CredentialsError(
        `no bearer token: pass fromBearerToken({ token }) or set ${BEARER_TOKEN_ENV}.`,
        { code: 'NotConfigured', provider: `${BEARER_PROVIDER_NAME}/env`, tryNextLink: true },
      );
    }
    return createBearerToken({ token: fromEnv, providerName: `${BEARER_PROVIDER_NAME}/env` });
  };
}

function notExpired(value: BearerToken, now: (() => number) | undefined): BearerToken {
  if (value.expiration && value.expiration.getTime() <= (now ?? Date.now)()) {
    throw new CredentialsError(
      `the bearer token expired at ${value.expiration.toISOString()}: supply a new token (or a function that fetches one).`,
      { code: 'Expired', provider: value.providerName },
    );
  }
  return value;
}

function fromFunction(fetchToken: BearerTokenFunction, init: FromBearerTokenInit): BearerTokenProvider {
  const providerName = `${BEARER_PROVIDER_NAME}/function`;
  // Core's refresh cache works on `Credentials`; the token travels inside a carrier that never leaves this
  // module (its "secret" is the token, so core's redaction covers it too).
  const tokens = new WeakMap<Credentials, BearerToken>();
  const cached = refreshing(
    async (signal?: AbortSignal) => {
      let result: BearerTokenResult;
      try {
        result = await fetchToken({ signal });
      } catch (error) {
        if (isCredentialsError(error)) throw error;
        throw new CredentialsError('the bearer token function failed: see `cause`.', {
          code: 'FetchFailed',
          provider: providerName,
          cause: error,
        });
      }
      const parsed = typeof result === 'string' ? { token: result } : result;
      const value = createBearerToken({ token: parsed?.token, expiration: parsed?.expiration, providerName });
      notExpired(value, init.now);
      const carrier = createCredentials({
        accessKeyId: 'bearer',
        accessKeySecret: value.token,
        expiration: value.expiration,
        providerName,
      });
      tokens.set(carrier, value);
      return carrier;
    },
    { providerName, now: init.now, random: init.random, logger: init.logger, shareInFlight: init.shareInFlight },
  );
  return async (options) => {
    const carrier = await cached(options);
    return tokens.get(carrier) ?? createBearerToken({ token: carrier.accessKeySecret, expiration: carrier.expiration, providerName });
  };
}

