import { REDACTED, type CredentialProvider, type Credentials } from '@alicred/core';

/** The credential options of an `ali-oss` client: spread them into `new OSS({ ...options, region, bucket })`. */
export interface AliOssCredentialOptions {
  accessKeyId: string;
  /** The secret in clear: `ali-oss` needs it. `JSON.stringify(options)` and `inspect` redact it; a copy does not. */
  accessKeySecret: string;
  /** The security token of temporary credentials. */
  stsToken?: string;
  /** Called by `ali-oss` before a request once `refreshSTSTokenInterval` has passed; asks the provider. */
  refreshSTSToken?: () => Promise<{ accessKeyId: string; accessKeySecret: string; stsToken: string }>;
  /** How often `ali-oss` calls `refreshSTSToken`, in ms. */
  refreshSTSTokenInterval?: number;
}

/** Options of {@link toAliOssOptions}. */
export interface ToAliOssOptionsInit {
  /**
   * How often `ali-oss` asks for credentials, in ms. Default 0: before every request, which costs nothing
   * while alicred's cache holds valid credentials and lets that cache alone decide when to refresh
   * (`ali-oss`'s own default, 5 minutes, can hand out credentials past their expiry).
   */
  refreshIntervalMs?: number;
  /** Aborts the first credentials request. */
  signal?: AbortSignal;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

function stsFields(credentials: Credentials) {
  return { accessKeyId: credentials.accessKeyId, accessKeySecret: credentials.accessKeySecret, stsToken: credentials.securityToken ?? '' };
}

/**
 * Credential options for `ali-oss` from an alicred provider. Temporary credentials come with
 * `refreshSTSToken`, which asks the provider, so the token refresh is driven by alicred's cache (single
 * flight, refresh before expiry) instead of `ali-oss`'s fixed interval. A long-term AccessKey gives just the
 * id and secret.
 *
 * Async because `ali-oss` needs the first credentials when the client is made.
 *
 * @example
 * ```ts
 * import OSS from 'ali-oss';
 * const client = new OSS({ ...(await toAliOssOptions(defaultChain())), region: 'oss-cn-hangzhou', bucket: 'my-bucket' });
 * ```
 */
export async function toAliOssOptions(provider: CredentialProvider, init: ToAliOssOptionsInit = {}): Promise<AliOssCredentialOptions> {
  const first = await provider(init.signal ? { signal: init.signal } : undefined);
  const options: AliOssCredentialOptions =
    first.securityToken === undefined
      ? { accessKeyId: first.accessKeyId, accessKeySecret: first.accessKeySecret }
      : {
          ...stsFields(first),
          refreshSTSToken: async () => stsFields(await provider()),
          refreshSTSTokenInterval: init.refreshIntervalMs ?? 0,
        };
  const shown = () => ({ ...options, accessKeySecret: REDACTED, ...(options.stsToken !== undefined ? { stsToken: REDACTED } : {}) });
  // Non-enumerable, so `{ ...options }` hands ali-oss only its own fields.
  Object.defineProperties(options, {
    toJSON: { value: shown, enumerable: false },
    [INSPECT]: { value: () => shown(), enumerable: false },
  });
  return options;
}
