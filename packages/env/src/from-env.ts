import {
  createCredentials,
  CredentialsError,
  readEnv,
  type CredentialProvider,
  type Credentials,
  type EnvLike,
} from '@alicred/core';

/** Provider name carried by credentials and errors from this package. */
export const ENV_PROVIDER_NAME = 'env';

/** One family of variables: the Alibaba Cloud credentials libraries' names, or the OSS SDKs' names. */
export interface EnvVariableSet {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken: string;
}

/**
 * The variables `fromEnv` reads, in order of precedence. The `ALIBABA_CLOUD_*` set is what
 * `@alicloud/credentials` (Node, Python, Go, Java) reads; the `OSS_*` set is what the OSS SDK docs tell
 * users to export. The first set with any variable present wins as a whole: a token is never taken from one
 * set and the AccessKey from the other, because that pairing would fail later with a confusing signature
 * error instead of here with a clear one.
 */
export const ENV_VARIABLE_SETS: readonly EnvVariableSet[] = Object.freeze([
  Object.freeze({
    accessKeyId: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
    accessKeySecret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    securityToken: 'ALIBABA_CLOUD_SECURITY_TOKEN',
  }),
  Object.freeze({
    accessKeyId: 'OSS_ACCESS_KEY_ID',
    accessKeySecret: 'OSS_ACCESS_KEY_SECRET',
    securityToken: 'OSS_SESSION_TOKEN',
  }),
]);

/** Options for {@link fromEnv}. */
export interface FromEnvInit {
  /**
   * Where to read variables from: a Cloudflare Workers `env` binding object, `Deno.env.toObject()`, or a
   * plain object in tests. Default: `globalThis.process?.env` (empty where there is no `process`).
   */
  env?: EnvLike;
}

/**
 * Credentials from environment variables, read on every call (never at import), so a variable set after
 * start-up is seen and a Workers binding can be passed per request.
 *
 * Precedence: `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET` /
 * `ALIBABA_CLOUD_SECURITY_TOKEN` win over `OSS_ACCESS_KEY_ID` / `OSS_ACCESS_KEY_SECRET` / `OSS_SESSION_TOKEN`
 * when any `ALIBABA_CLOUD_*` credential variable is set. The security token is optional (an STS token turns
 * the AccessKey into temporary credentials). Values are trimmed; an empty value counts as unset.
 *
 * Errors (`CredentialsError`):
 * - `NotConfigured`, `tryNextLink: true` when no variable of either set is present (a chain moves on);
 * - `InvalidConfiguration`, `tryNextLink: false` when a set is half present (an id without a secret, a
 *   secret without an id, or a token without both), naming the missing variable.
 *
 * @example
 * ```ts
 * import { fromEnv } from '@alicred/env';
 * const provider = fromEnv();
 * const { accessKeyId } = await provider();
 * ```
 */
export function fromEnv(init: FromEnvInit = {}): CredentialProvider {
  return async (options) => {
    options?.signal?.throwIfAborted();
    return readCredentials(init.env);
  };
}

function readCredentials(env: EnvLike | undefined): Credentials {
  for (const set of ENV_VARIABLE_SETS) {
    const accessKeyId = readEnv(set.accessKeyId, env);
    const accessKeySecret = readEnv(set.accessKeySecret, env);
    const securityToken = readEnv(set.securityToken, env);
    if (accessKeyId === undefined && accessKeySecret === undefined && securityToken === undefined) continue;
    if (accessKeyId === undefined || accessKeySecret === undefined) {
      const missing = [accessKeyId === undefined && set.accessKeyId, accessKeySecret === undefined && set.accessKeySecret]
        .filter(Boolean)
        .join(' and ');
      const present = [
        accessKeyId !== undefined && set.accessKeyId,
        accessKeySecret !== undefined && set.accessKeySecret,
        securityToken !== undefined && set.securityToken,
      ]
        .filter(Boolean)
        .join(' and ');
      throw new CredentialsError(
        `${present} ${present.includes(' and ') ? 'are' : 'is'} set but ${missing} ${missing.includes(' and ') ? 'are' : 'is'} not: ` +
          `set ${missing} too, or unset ${present}.`,
        { code: 'InvalidConfiguration', provider: ENV_PROVIDER_NAME, tryNextLink: false },
      );
    }
    return createCredentials({ accessKeyId, accessKeySecret, securityToken, providerName: ENV_PROVIDER_NAME });
  }
  throw new CredentialsError(
    'no credentials in the environment: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET ' +
      '(and ALIBABA_CLOUD_SECURITY_TOKEN for STS credentials), or OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET.',
    { code: 'NotConfigured', provider: ENV_PROVIDER_NAME, tryNextLink: true },
  );
}
