import {
  createCredentials,
  CredentialsError,
  httpRequest,
  parseExpiration,
  parseJsonBody,
  readEnv,
  refreshing,
  type CredentialProvider,
  type Credentials,
  type EnvLike,
  type Logger,
} from '@alicred/core';
import { checkCredentialsUri, describeUri } from './check-uri';
import { connectTimeoutFetch } from './transport-node';

/** Provider name carried by credentials and errors from this package. */
export const URI_PROVIDER_NAME = 'uri';
/** The variable read when `init.uri` is not given (same name as the official libraries). */
export const CREDENTIALS_URI_ENV = 'ALIBABA_CLOUD_CREDENTIALS_URI';

/** Options for {@link fromCredentialsUri}. */
export interface FromCredentialsUriInit {
  /** The credentials URI. Default: `ALIBABA_CLOUD_CREDENTIALS_URI`, read when credentials are fetched. */
  uri?: string | URL;
  /** Variables to read `ALIBABA_CLOUD_CREDENTIALS_URI` from (Workers bindings, tests). Default: `process.env`. */
  env?: EnvLike;
  /** Deadline for the whole request, connect to last body byte, in ms. Default 10 000. */
  timeoutMs?: number;
  /** Deadline for the TCP/TLS connect on Node, in ms. Default 5 000. Ignored with a custom `fetch` and on edge runtimes. */
  connectTimeoutMs?: number;
  /** Largest accepted response body, in bytes. Default 64 KiB (a credentials document is well under 4 KiB). */
  maxBodyBytes?: number;
  /**
   * Retries of a failed GET (network error, timeout, 5xx, 429), with backoff and jitter. Default 0, like the
   * official libraries, so that `timeoutMs` bounds the whole fetch; each retry gets its own `timeoutMs`.
   */
  retries?: number;
  /** A `fetch` to use instead of the global one (or, on Node, instead of the connect-timeout one). */
  fetch?: typeof fetch;
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
 * Credentials from a credentials URI: a server (usually on the same host or pod) that answers `GET` with
 *
 * ```json
 * { "Code": "Success", "AccessKeyId": "…", "AccessKeySecret": "…", "SecurityToken": "…", "Expiration": "2026-01-01T00:00:00Z" }
 * ```
 *
 * The answer must have status 200, `Code: "Success"` when `Code` is present, and all four credential fields;
 * expired credentials are refused. Results are cached and refreshed before `Expiration` by `@alicred/core`
 * (single flight, background refresh, backoff).
 *
 * Safety: `https` anywhere, plain `http` only to loopback or link-local hosts; redirects are never followed;
 * the body is capped; connect (5 s) and total (10 s) timeouts.
 *
 * Not configured (no `init.uri`, `ALIBABA_CLOUD_CREDENTIALS_URI` unset) → `CredentialsError` `NotConfigured`
 * with `tryNextLink: true`, without any request.
 *
 * @example
 * ```ts
 * const provider = fromCredentialsUri({ uri: 'http://127.0.0.1:8080/credentials' });
 * const { accessKeyId, expiration } = await provider();
 * ```
 */
export function fromCredentialsUri(init: FromCredentialsUriInit = {}): CredentialProvider {
  const now = init.now ?? Date.now;
  return refreshing((signal?: AbortSignal) => fetchCredentials(init, now, signal), {
    providerName: URI_PROVIDER_NAME,
    now: init.now,
    random: init.random,
    logger: init.logger,
    shareInFlight: init.shareInFlight,
  });
}

async function fetchCredentials(init: FromCredentialsUriInit, now: () => number, signal: AbortSignal | undefined): Promise<Credentials> {
  const configured = init.uri ?? readEnv(CREDENTIALS_URI_ENV, init.env);
  if (configured === undefined || String(configured).trim() === '') {
    throw new CredentialsError(`no credentials URI: pass fromCredentialsUri({ uri }) or set ${CREDENTIALS_URI_ENV}.`, {
      code: 'NotConfigured',
      provider: URI_PROVIDER_NAME,
      tryNextLink: true,
    });
  }
  const url = checkCredentialsUri(String(configured).trim(), URI_PROVIDER_NAME);
  const where = `the credentials URI ${describeUri(url)}`;

  const response = await httpRequest(url.href, {
    method: 'GET',
    headers: { accept: 'application/json' },
    timeoutMs: init.timeoutMs ?? 10_000,
    maxBodyBytes: init.maxBodyBytes ?? 64 * 1024,
    idempotent: true,
    retries: init.retries ?? 0,
    signal,
    fetch: init.fetch ?? connectTimeoutFetch(init.connectTimeoutMs ?? 5_000),
    provider: URI_PROVIDER_NAME,
    followRedirects: false,
  });

  // Status 0 is how browsers report a redirect they were told not to follow (an opaque redirect).
  if ((response.status >= 300 && response.status < 400) || response.status === 0) {
    throw new CredentialsError(
      `${where} answered with a redirect (HTTP ${response.status}); redirects are not followed: configure the final URI.`,
      { code: 'HttpError', provider: URI_PROVIDER_NAME },
    );
  }
  if (response.status !== 200) {
    throw new CredentialsError(`${where} answered HTTP ${response.status}, expected 200: check the credential server.`, {
      code: 'HttpError',
      provider: URI_PROVIDER_NAME,
    });
  }

  const body = parseJsonBody(response, URI_PROVIDER_NAME) as unknown;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid(`${where} answered JSON that is not an object.`);
  }
  const doc = body as Record<string, unknown>;
  if ('Code' in doc && doc.Code !== 'Success') {
    const code = typeof doc.Code === 'string' ? `"${doc.Code.slice(0, 64).replace(/[^\w.\-]/g, '?')}"` : typeof doc.Code;
    throw invalid(`${where} answered Code ${code}, expected "Success": the server could not issue credentials.`);
  }
  const fields = ['AccessKeyId', 'AccessKeySecret', 'SecurityToken', 'Expiration'] as const;
  const missing = fields.filter((f) => typeof doc[f] !== 'string' || (doc[f] as string).trim() === '');
  if (missing.length > 0) {
    throw invalid(`${where} answered without ${missing.join(', ')} (all of ${fields.join(', ')} are required).`);
  }
  const expiration = parseExpiration(doc.Expiration as string, URI_PROVIDER_NAME);
  if (expiration.getTime() <= now()) {
    throw new CredentialsError(
      `${where} answered credentials that expired at ${expiration.toISOString()}: the credential server must refresh them (or check its clock).`,
      { code: 'Expired', provider: URI_PROVIDER_NAME },
    );
  }
  return createCredentials({
    accessKeyId: (doc.AccessKeyId as string).trim(),
    accessKeySecret: (doc.AccessKeySecret as string).trim(),
    securityToken: (doc.SecurityToken as string).trim(),
    expiration,
    providerName: URI_PROVIDER_NAME,
  });
}

function invalid(message: string): CredentialsError {
  return new CredentialsError(message, { code: 'InvalidResponse', provider: URI_PROVIDER_NAME });
}
