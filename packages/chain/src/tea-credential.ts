import { isBearerToken, type BearerToken, type BearerTokenProvider } from '@alicred/bearer';
import { REDACTED, type CredentialProvider, type Credentials } from '@alicred/core';

/** What `getCredential()` returns: the fields of `@alicloud/credentials`' `CredentialModel`. */
export interface TeaCredentialModel {
  readonly accessKeyId?: string;
  /** Present, but not enumerable and redacted in `JSON`/`String`/`inspect` output. */
  readonly accessKeySecret?: string;
  /** Present, but not enumerable and redacted in `JSON`/`String`/`inspect` output. */
  readonly securityToken?: string;
  /** Present, but not enumerable and redacted in `JSON`/`String`/`inspect` output. */
  readonly bearerToken?: string;
  /** `access_key` (no token), `sts` (with a security token) or `bearer`. */
  readonly type: 'access_key' | 'sts' | 'bearer';
  /** Sent by the OpenAPI clients as `x-acs-credentials-provider`. */
  readonly providerName: string;
}

/**
 * The `credential` object the official TypeScript SDKs (`@alicloud/openapi-client` and every
 * `@alicloud/<product>` client built on it) accept in their `Config`: the interface of
 * `@alicloud/credentials`' `Credential`.
 */
export interface TeaCredential {
  /** Called by the SDK before every request. */
  getCredential(): Promise<TeaCredentialModel>;
  /** @deprecated as in `@alicloud/credentials`: use `getCredential()` (the three getters may see different refreshes). */
  getAccessKeyId(): Promise<string>;
  /** @deprecated use `getCredential()`. */
  getAccessKeySecret(): Promise<string>;
  /** @deprecated use `getCredential()`. */
  getSecurityToken(): Promise<string>;
  /** @deprecated synchronous, as in `@alicloud/credentials`: the bearer token of the last `getCredential()`, if any. */
  getBearerToken(): string | undefined;
  /** @deprecated synchronous, as in `@alicloud/credentials`: the type of the last `getCredential()`, `default` before. */
  getType(): string;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const DENO_INSPECT = Symbol.for('Deno.customInspect');

function model(fields: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string; bearerToken?: string; type: TeaCredentialModel['type']; providerName: string }): TeaCredentialModel {
  const shown = {
    ...(fields.accessKeyId !== undefined ? { accessKeyId: fields.accessKeyId } : {}),
    ...(fields.accessKeySecret !== undefined ? { accessKeySecret: REDACTED } : {}),
    ...(fields.securityToken !== undefined ? { securityToken: REDACTED } : {}),
    ...(fields.bearerToken !== undefined ? { bearerToken: REDACTED } : {}),
    type: fields.type,
    providerName: fields.providerName,
  };
  const describe = () => `CredentialModel ${JSON.stringify(shown)}`;
  const result = { ...(fields.accessKeyId !== undefined ? { accessKeyId: fields.accessKeyId } : {}), type: fields.type, providerName: fields.providerName };
  // Secrets are non-enumerable: the SDK reads them by name, while spreading, JSON and logging never see them.
  Object.defineProperties(result, {
    accessKeySecret: { value: fields.accessKeySecret, enumerable: false },
    securityToken: { value: fields.securityToken, enumerable: false },
    bearerToken: { value: fields.bearerToken, enumerable: false },
    toJSON: { value: () => shown, enumerable: false },
    toString: { value: describe, enumerable: false },
    [INSPECT]: { value: describe, enumerable: false },
    [DENO_INSPECT]: { value: describe, enumerable: false },
  });
  return Object.freeze(result) as TeaCredentialModel;
}

function toModel(value: Credentials | BearerToken): TeaCredentialModel {
  if (isBearerToken(value)) return model({ bearerToken: value.token, type: 'bearer', providerName: value.providerName });
  return model({
    accessKeyId: value.accessKeyId,
    accessKeySecret: value.accessKeySecret,
    ...(value.securityToken !== undefined ? { securityToken: value.securityToken } : {}),
    type: value.securityToken !== undefined ? 'sts' : 'access_key',
    providerName: value.providerName,
  });
}

/**
 * Lets any official TypeScript SDK client use an alicred provider: pass the result as `credential` in the
 * client's `Config` (`new Config({ credential: toTeaCredential(provider), endpoint, regionId })`). The SDK calls
 * `getCredential()` before each request, which asks the provider, so alicred's cache (single flight,
 * refresh before expiry) decides when credentials are fetched. Bearer-token providers (`@alicred/bearer`,
 * `fromConfig({ type: 'bearer' })`) give `type: 'bearer'`, which the SDK sends as `x-acs-bearer-token`.
 *
 * The model's secret, token and bearer token are readable by name but not enumerable, and print as
 * `[redacted]`.
 *
 * @example
 * ```ts
 * import Sts from '@alicloud/sts20150401';
 * import { Config } from '@alicloud/openapi-client';
 * const client = new Sts(new Config({ credential: toTeaCredential(defaultChain()), regionId: 'cn-hangzhou' }));
 * ```
 */
export function toTeaCredential(provider: CredentialProvider | BearerTokenProvider): TeaCredential {
  let last: TeaCredentialModel | undefined;
  const get = async (): Promise<TeaCredentialModel> => {
    last = toModel(await provider());
    return last;
  };
  return Object.freeze({
    getCredential: get,
    getAccessKeyId: async () => (await get()).accessKeyId ?? '',
    getAccessKeySecret: async () => (await get()).accessKeySecret ?? '',
    getSecurityToken: async () => (await get()).securityToken ?? '',
    getBearerToken: () => last?.bearerToken,
    getType: () => last?.type ?? 'default',
  });
}
