import {
  CredentialsError,
  httpRequest,
  isCredentialsError,
  parseJsonBody,
  resolveLogger,
  type Credentials,
  type HttpResponse,
  type Logger,
} from '@alicred/core';
import { resolveStsEndpoint, type StsEndpointOptions } from './endpoint';
import { validateDurationSeconds } from './role-validation';
import { parseStsCredentials, type AssumedRoleUser } from './parse-credentials';
import { percentEncode } from './percent-encode';
import { computeRpcSignature } from './rpc-signature';
import { createStsError, isRetryableSts } from './sts-error';
import { connectTimeoutFetch } from './transport-node';

/** Provider name used by a client made without `providerName`. */
export const STS_PROVIDER_NAME = 'sts';
/** The STS API version every call uses. */
export const STS_API_VERSION = '2015-04-01';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_RETRY_BASE_MS = 200;
const RETRY_MAX_MS = 5_000;
const MAX_BODY_BYTES = 64 * 1024;

/** Options of {@link createStsClient}. */
export interface StsClientOptions extends StsEndpointOptions {
  /** Deadline for each attempt, connect to last body byte, in ms. Default 10 000 (the official read timeout). */
  timeoutMs?: number;
  /** Deadline for the TCP/TLS connect on Node, in ms. Default 5 000. Ignored with a custom `fetch` and on edge runtimes. */
  connectTimeoutMs?: number;
  /**
   * Retries after the first attempt, for throttling (`Throttling.*`, HTTP 429), HTTP 5xx, timeouts and
   * network errors only, with exponential backoff and jitter; each attempt is signed anew. Default 2.
   */
  retries?: number;
  /** First backoff delay in ms (doubling per retry, jittered between half and all of it, at most 5 s). Default 200. */
  retryBaseDelayMs?: number;
  /** A `fetch` to use instead of the global one (on Node: instead of undici with the connect timeout). */
  fetch?: typeof fetch;
  /** Name carried by issued credentials and by errors. Default `sts`. */
  providerName?: string;
  /** Clock in epoch ms used to reject already-expired answers (tests). The request `Timestamp` always uses the real clock. */
  now?: () => number;
  /** Jitter source in [0, 1) for the retry backoff (tests). */
  random?: () => number;
  /** Waits between retries; the default is a timer the caller's signal cuts short (tests inject their own). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Where retries are reported (debug level). Default: silent unless `ALICRED_DEBUG` is on. */
  logger?: Logger;
}

/** The AccessKey that signs a call: any alicred `Credentials`, or the same fields as a plain object. */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** Sent as `SecurityToken` when the signing key is itself an STS key (role chaining). */
  readonly securityToken?: string;
  /** Sent as the `x-acs-credentials-provider` header, as the official libraries do. */
  readonly providerName?: string;
}

/** Parameters of {@link StsClient.assumeRole}. */
export interface AssumeRoleRequest {
  /** The caller's credentials; the call is signed with them. */
  credentials: SigningCredentials | Credentials;
  /** `acs:ram::<account id>:role/<role name>`. */
  roleArn: string;
  /** Identifies the session in audit logs: 2–64 characters of letters, digits and `. @ - _`. */
  roleSessionName: string;
  /** Session lifetime in seconds. Default 3600. */
  durationSeconds?: number;
  /** A session policy (JSON) that further restricts the role's permissions. */
  policy?: string;
  /** The ExternalId the role's trust policy requires, if any. */
  externalId?: string;
  /** Aborts the call and any retry wait. */
  signal?: AbortSignal;
}

/** Parameters of {@link StsClient.assumeRoleWithOidc}. */
export interface AssumeRoleWithOidcRequest {
  /** `acs:ram::<account id>:role/<role name>`. */
  roleArn: string;
  /** `acs:ram::<account id>:oidc-provider/<name>`. */
  oidcProviderArn: string;
  /** The OIDC token (a JWT). Sent in the POST body only. */
  oidcToken: string;
  /** 2–64 characters of letters, digits and `. @ - _`. */
  roleSessionName: string;
  /** Session lifetime in seconds. Default 3600. */
  durationSeconds?: number;
  /** A session policy (JSON). */
  policy?: string;
  /** Aborts the call and any retry wait. */
  signal?: AbortSignal;
}

/** What AssumeRole and AssumeRoleWithOIDC return. */
export interface AssumeRoleResult {
  /** The STS credentials; `expiration` is always set. */
  credentials: Credentials;
  /** The assumed role's session identity, when STS reported it. */
  assumedRoleUser?: AssumedRoleUser;
  /** STS RequestId of the successful call. */
  requestId?: string;
}

/** What GetCallerIdentity returns. */
export interface CallerIdentity {
  accountId: string;
  /** e.g. `acs:ram::123456789012:user/alice` or `acs:ram::123456789012:assumed-role/reader/session`. */
  arn: string;
  /** `RAMUser`, `AssumedRoleUser` or `Account`. */
  identityType: string;
  principalId: string;
  userId?: string;
  roleId?: string;
  requestId?: string;
}

/** A small STS client. Every method returns a promise and throws `CredentialsError`s only. */
export interface StsClient {
  /** The resolved endpoint origin, e.g. `https://sts.cn-hangzhou.aliyuncs.com`. */
  readonly endpoint: string;
  /** `AssumeRole`: STS credentials for a RAM role, signed with the caller's credentials. */
  assumeRole(request: AssumeRoleRequest): Promise<AssumeRoleResult>;
  /** `AssumeRoleWithOIDC`: STS credentials for a RAM role in exchange for an OIDC token. Unsigned. */
  assumeRoleWithOidc(request: AssumeRoleWithOidcRequest): Promise<AssumeRoleResult>;
  /** `GetCallerIdentity`: who the given credentials belong to. */
  getCallerIdentity(request: { credentials: SigningCredentials | Credentials; signal?: AbortSignal }): Promise<CallerIdentity>;
}

interface CallSpec {
  action: string;
  /** Form-body parameters (signed together with the query). */
  form: Record<string, string>;
  credentials?: SigningCredentials;
  /** Values that must never appear in an error message. */
  secrets: string[];
  signal?: AbortSignal;
}

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function encodePairs(params: Record<string, string>): string {
  return Object.keys(params)
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] as string)}`)
    .join('&');
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
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

function checkSigning(credentials: SigningCredentials | undefined, provider: string, action: string): SigningCredentials {
  if (!credentials || typeof credentials.accessKeyId !== 'string' || credentials.accessKeyId === '') {
    throw new CredentialsError(`STS ${action} needs credentials to sign with: the AccessKey id is empty.`, { code: 'InvalidCredentials', provider });
  }
  if (typeof credentials.accessKeySecret !== 'string' || credentials.accessKeySecret === '') {
    throw new CredentialsError(`STS ${action} needs credentials to sign with: the AccessKey secret is empty.`, { code: 'InvalidCredentials', provider });
  }
  return credentials;
}

function durationOf(seconds: number | undefined, provider: string): string {
  return String(validateDurationSeconds(seconds ?? 3600, provider));
}

/**
 * Makes an STS client. The endpoint is chosen once, here, as the official libraries do (see
 * `resolveStsEndpoint`); every call is a `POST` with the action parameters in an
 * `application/x-www-form-urlencoded` body, signed with RPC v1.0 (HMAC-SHA1) unless the action is anonymous
 * (AssumeRoleWithOIDC).
 *
 * Failures are `CredentialsError`s: STS errors carry the STS code as `code`, plus `stsCode`, `requestId` and
 * a `hint` (see `isStsError`); transport failures carry core's `Timeout` / `NetworkError` / `Aborted`.
 * No message ever holds a secret, a token or a signature.
 *
 * @throws CredentialsError `InvalidConfiguration` when the endpoint options are invalid.
 *
 * @example
 * ```ts
 * const sts = createStsClient({ region: 'cn-hangzhou' });
 * const { credentials } = await sts.assumeRole({
 *   credentials: await fromEnv()(),
 *   roleArn: 'acs:ram::123456789012:role/reader',
 *   roleSessionName: 'nightly-report',
 * });
 * ```
 */
export function createStsClient(options: StsClientOptions = {}): StsClient {
  const provider = options.providerName ?? STS_PROVIDER_NAME;
  const endpoint = resolveStsEndpoint(options, provider);
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const retries = Math.max(0, Math.floor(options.retries ?? DEFAULT_RETRIES));
  const baseDelay = Math.max(0, options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_MS);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetchImpl = options.fetch ?? connectTimeoutFetch(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);

  async function attempt(spec: CallSpec): Promise<HttpResponse> {
    const query: Record<string, string> = {
      Action: spec.action,
      Format: 'JSON',
      Version: STS_API_VERSION,
      Timestamp: timestamp(),
    };
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
    };
    if (spec.credentials) {
      const creds = spec.credentials;
      query.SignatureMethod = 'HMAC-SHA1';
      query.SignatureVersion = '1.0';
      query.SignatureNonce = crypto.randomUUID();
      query.AccessKeyId = creds.accessKeyId;
      if (creds.securityToken) query.SecurityToken = creds.securityToken;
      query.Signature = await computeRpcSignature({
        method: 'POST',
        params: { ...spec.form, ...query },
        accessKeySecret: creds.accessKeySecret,
      });
      if (creds.providerName) headers['x-acs-credentials-provider'] = creds.providerName;
    }
    return httpRequest(`${endpoint}/?${encodePairs(query)}`, {
      provider,
      method: 'POST',
      headers,
      body: encodePairs(spec.form),
      timeoutMs,
      signal: spec.signal,
      maxBodyBytes: MAX_BODY_BYTES,
      // Retries happen here, not in httpRequest: each attempt needs a new nonce, timestamp and signature.
      idempotent: false,
      fetch: fetchImpl,
    });
  }

  async function call(spec: CallSpec): Promise<Record<string, unknown>> {
    for (let attemptNo = 1; ; attemptNo += 1) {
      let failure: CredentialsError;
      let retryable: boolean;
      try {
        const response = await attempt(spec);
        if (response.status === 200) {
          const body = parseJsonBody(response, provider);
          if (typeof body !== 'object' || body === null || Array.isArray(body)) {
            throw new CredentialsError(`STS ${spec.action} answered JSON that is not an object.`, { code: 'InvalidResponse', provider });
          }
          return body as Record<string, unknown>;
        }
        let body: unknown;
        try {
          body = JSON.parse(response.text);
        } catch {
          body = undefined;
        }
        const stsCode = typeof (body as { Code?: unknown })?.Code === 'string' ? ((body as { Code: string }).Code) : '';
        retryable = isRetryableSts(response.status, stsCode);
        failure = createStsError({
          action: spec.action,
          status: response.status,
          body,
          provider,
          endpoint,
          secrets: spec.secrets,
          attempts: attemptNo,
        });
      } catch (error) {
        if (!isCredentialsError(error)) throw error;
        failure = error;
        retryable = error.code === 'Timeout' || error.code === 'NetworkError';
      }
      if (!retryable || attemptNo > retries || spec.signal?.aborted) throw failure;
      const delay = Math.min(RETRY_MAX_MS, baseDelay * 2 ** (attemptNo - 1));
      const wait = delay / 2 + (random() * delay) / 2;
      resolveLogger(options.logger).debug(
        `${provider}: STS ${spec.action} failed (${failure.code}); retry ${attemptNo} of ${retries} in ${Math.round(wait)} ms.`,
      );
      try {
        await sleep(wait, spec.signal);
      } catch {
        throw new CredentialsError(`STS ${spec.action} was aborted by the caller's signal while waiting to retry.`, {
          code: 'Aborted',
          provider,
          cause: failure,
        });
      }
    }
  }

  function requestIdOf(body: Record<string, unknown>): { requestId?: string } {
    return typeof body.RequestId === 'string' ? { requestId: body.RequestId } : {};
  }

  return {
    endpoint,

    async assumeRole(request) {
      const credentials = checkSigning(request?.credentials, provider, 'AssumeRole');
      const form: Record<string, string> = {
        RoleArn: request.roleArn,
        RoleSessionName: request.roleSessionName,
        DurationSeconds: durationOf(request.durationSeconds, provider),
      };
      if (request.policy !== undefined) form.Policy = request.policy;
      if (request.externalId !== undefined) form.ExternalId = request.externalId;
      const body = await call({
        action: 'AssumeRole',
        form,
        credentials,
        secrets: [credentials.accessKeySecret, credentials.securityToken ?? ''],
        signal: request.signal,
      });
      return { ...parseStsCredentials(body, { action: 'AssumeRole', provider, now }), ...requestIdOf(body) };
    },

    async assumeRoleWithOidc(request) {
      if (typeof request?.oidcToken !== 'string' || request.oidcToken.trim() === '') {
        throw new CredentialsError('STS AssumeRoleWithOIDC needs an OIDC token: it is empty.', { code: 'InvalidConfiguration', provider });
      }
      const form: Record<string, string> = {
        RoleArn: request.roleArn,
        OIDCProviderArn: request.oidcProviderArn,
        OIDCToken: request.oidcToken,
        RoleSessionName: request.roleSessionName,
        DurationSeconds: durationOf(request.durationSeconds, provider),
      };
      if (request.policy !== undefined) form.Policy = request.policy;
      const body = await call({ action: 'AssumeRoleWithOIDC', form, secrets: [request.oidcToken], signal: request.signal });
      return { ...parseStsCredentials(body, { action: 'AssumeRoleWithOIDC', provider, now }), ...requestIdOf(body) };
    },

    async getCallerIdentity(request) {
      const credentials = checkSigning(request?.credentials, provider, 'GetCallerIdentity');
      const body = await call({
        action: 'GetCallerIdentity',
        form: {},
        credentials,
        secrets: [credentials.accessKeySecret, credentials.securityToken ?? ''],
        signal: request.signal,
      });
      const text = (key: string) => (typeof body[key] === 'string' && body[key] !== '' ? (body[key] as string) : undefined);
      const accountId = text('AccountId');
      const arn = text('Arn');
      if (!accountId || !arn) {
        throw new CredentialsError('STS GetCallerIdentity answered without AccountId or Arn.', { code: 'InvalidResponse', provider });
      }
      const identity: CallerIdentity = {
        accountId,
        arn,
        identityType: text('IdentityType') ?? '',
        principalId: text('PrincipalId') ?? '',
        ...requestIdOf(body),
      };
      const userId = text('UserId');
      const roleId = text('RoleId');
      if (userId) identity.userId = userId;
      if (roleId) identity.roleId = roleId;
      return identity;
    },
  };
}
