import {
  createCredentials,
  CredentialsError,
  readEnv,
  type CredentialProvider,
  type Credentials,
  type EnvLike,
} from '@alicred/core';

/** Provider name prefix for credentials and errors from this package. */
export const FC_PROVIDER_NAME = 'fc-context';

/** `context.credentials` of an FC 2.0 or FC 3.0 Node.js handler (present when the function has a role). */
export interface FcContextCredentials {
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
}

/** The parts of an FC handler `context` this package reads; pass the whole context. */
export interface FcContextLike {
  credentials?: FcContextCredentials | null;
}

/** Request headers: a Web `Headers`, or a Node `IncomingMessage.headers`-style record. */
export type FcHeadersLike = Headers | Record<string, string | string[] | undefined>;

/** A custom-runtime (or custom-container, web function) request: a Web `Request` or a Node `IncomingMessage`. */
export interface FcRequestLike {
  headers: FcHeadersLike;
}

/** What {@link fromFcContext} accepts for the current invocation. */
export type FcInvocation = FcContextLike | FcRequestLike | Headers | null | undefined;

/** Options for {@link fromFcContext}. */
export interface FromFcContextInit {
  /** Variables for the environment fallback (tests). Default: `process.env`. */
  env?: EnvLike;
}

/** The per-request headers Function Compute adds for custom runtimes. */
export const FC_CREDENTIAL_HEADERS = Object.freeze({
  accessKeyId: 'x-fc-access-key-id',
  accessKeySecret: 'x-fc-access-key-secret',
  securityToken: 'x-fc-security-token',
});

/** The variables Function Compute sets when the function has a role. */
export const FC_CREDENTIAL_ENV = Object.freeze({
  accessKeyId: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
  accessKeySecret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  securityToken: 'ALIBABA_CLOUD_SECURITY_TOKEN',
});

/** Variables whose presence means "running in Function Compute" (set by FC 2.0 and 3.0). */
const FC_MARKERS = ['FC_FUNCTION_NAME', 'FC_REGION'] as const;

/**
 * Credentials of a Function Compute invocation, in this order:
 *
 * 1. `context.credentials` of an FC 2.0 / 3.0 handler (`(event, context)`), fresh for each invocation;
 * 2. the `x-fc-access-key-id` / `x-fc-access-key-secret` / `x-fc-security-token` headers of a
 *    custom-runtime request (a Web `Request`, a Node `IncomingMessage`, or their headers);
 * 3. FC's `ALIBABA_CLOUD_ACCESS_KEY_ID` / `_SECRET` / `ALIBABA_CLOUD_SECURITY_TOKEN` variables, only when
 *    running in Function Compute (`FC_FUNCTION_NAME` or `FC_REGION` set). Set at instance start, they can be
 *    older than the context, which is why the context wins.
 *
 * `invocation` may be a function returning the current context or request, re-read on every call. Nothing is
 * cached: FC exposes no expiration (its docs say the STS credentials last 36 hours), so `expiration` is
 * `undefined`; create the provider per invocation, or pass a function, rather than keeping an old context.
 *
 * Errors (`CredentialsError`): `NotConfigured` (`tryNextLink: true`) when none of the three is present
 * (e.g. no role on the function, or not in FC); `InvalidCredentials` (`tryNextLink: false`) when a source is
 * half present, naming the missing field.
 *
 * @example
 * ```ts
 * export const handler = async (event: Buffer, context: FcContextLike) => {
 *   const credentials = await fromFcContext(context)();
 * };
 * ```
 */
export function fromFcContext(
  invocation?: FcInvocation | (() => FcInvocation),
  init: FromFcContextInit = {},
): CredentialProvider {
  return async (options) => {
    options?.signal?.throwIfAborted();
    const current = typeof invocation === 'function' ? invocation() : invocation;
    return fromInvocation(current) ?? fromEnvironment(init.env) ?? notConfigured(current, init.env);
  };
}

function fromInvocation(current: FcInvocation): Credentials | undefined {
  if (current === null || typeof current !== 'object') return undefined;
  if (isHeaders(current)) return fromHeaders(current);
  if ('credentials' in current && current.credentials && typeof current.credentials === 'object') {
    const c = current.credentials;
    return build(
      { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken },
      { accessKeyId: 'context.credentials.accessKeyId', accessKeySecret: 'context.credentials.accessKeySecret' },
      FC_PROVIDER_NAME,
    );
  }
  if ('headers' in current && current.headers && typeof current.headers === 'object') return fromHeaders(current.headers);
  return undefined;
}

function fromHeaders(headers: FcHeadersLike): Credentials | undefined {
  const get = (name: string) => headerValue(headers, name);
  return build(
    {
      accessKeyId: get(FC_CREDENTIAL_HEADERS.accessKeyId),
      accessKeySecret: get(FC_CREDENTIAL_HEADERS.accessKeySecret),
      securityToken: get(FC_CREDENTIAL_HEADERS.securityToken),
    },
    { accessKeyId: `header ${FC_CREDENTIAL_HEADERS.accessKeyId}`, accessKeySecret: `header ${FC_CREDENTIAL_HEADERS.accessKeySecret}` },
    `${FC_PROVIDER_NAME}/headers`,
  );
}

function fromEnvironment(env: EnvLike | undefined): Credentials | undefined {
  if (!FC_MARKERS.some((name) => readEnv(name, env) !== undefined)) return undefined;
  return build(
    {
      accessKeyId: readEnv(FC_CREDENTIAL_ENV.accessKeyId, env),
      accessKeySecret: readEnv(FC_CREDENTIAL_ENV.accessKeySecret, env),
      securityToken: readEnv(FC_CREDENTIAL_ENV.securityToken, env),
    },
    { accessKeyId: FC_CREDENTIAL_ENV.accessKeyId, accessKeySecret: FC_CREDENTIAL_ENV.accessKeySecret },
    `${FC_PROVIDER_NAME}/env`,
  );
}

interface RawCredentials {
  accessKeyId: unknown;
  accessKeySecret: unknown;
  securityToken: unknown;
}

/** Undefined when the source carries nothing (so the next source is tried); an error when it is half there. */
function build(
  raw: RawCredentials,
  names: { accessKeyId: string; accessKeySecret: string },
  providerName: string,
): Credentials | undefined {
  const accessKeyId = nonEmpty(raw.accessKeyId);
  const accessKeySecret = nonEmpty(raw.accessKeySecret);
  const securityToken = nonEmpty(raw.securityToken);
  if (accessKeyId === undefined && accessKeySecret === undefined && securityToken === undefined) return undefined;
  if (accessKeyId === undefined || accessKeySecret === undefined) {
    const missing = [accessKeyId === undefined && names.accessKeyId, accessKeySecret === undefined && names.accessKeySecret]
      .filter(Boolean)
      .join(' and ');
    throw new CredentialsError(
      `Function Compute credentials are incomplete: ${missing} ${missing.includes(' and ') ? 'are' : 'is'} missing or empty. ` +
        'Check the role configured on the function and that the whole context (or request) is passed.',
      { code: 'InvalidCredentials', provider: providerName, tryNextLink: false },
    );
  }
  return createCredentials({ accessKeyId, accessKeySecret, securityToken, providerName });
}

function notConfigured(current: FcInvocation, env: EnvLike | undefined): never {
  const inFc = FC_MARKERS.some((name) => readEnv(name, env) !== undefined);
  const what = current == null ? 'no context or request was passed' : 'the context or request carries no credentials';
  throw new CredentialsError(
    `no Function Compute credentials: ${what}, and ` +
      (inFc
        ? `${FC_CREDENTIAL_ENV.accessKeyId} is not set. Configure a role on the function (FC only passes credentials when it has one).`
        : 'this is not a Function Compute instance (FC_FUNCTION_NAME is not set).') +
      ' Pass the handler context (`fromFcContext(context)`) or the custom-runtime request (`fromFcContext(request)`).',
    { code: 'NotConfigured', provider: FC_PROVIDER_NAME, tryNextLink: true },
  );
}

function isHeaders(value: object): value is Headers {
  return typeof (value as Headers).get === 'function' && typeof (value as Headers).has === 'function';
}

function headerValue(headers: FcHeadersLike, name: string): string | undefined {
  if (isHeaders(headers)) return headers.get(name) ?? undefined;
  // Node lower-cases header names; a hand-made record may not.
  let value = headers[name];
  if (value === undefined) {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    value = key === undefined ? undefined : headers[key];
  }
  return Array.isArray(value) ? value[0] : value;
}

function nonEmpty(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
