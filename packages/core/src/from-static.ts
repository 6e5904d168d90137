import { createCredentials, type Credentials, type CredentialsInit } from './credentials';
import { throwIfAborted } from './abort';
import type { CredentialProvider } from './types';

/** Provider name of credentials made by {@link fromStatic}. */
export const STATIC_PROVIDER_NAME = 'static';

/**
 * A provider that always returns the same credentials. The input is validated at once, so a missing or
 * empty value fails where the provider is made, not on first use.
 *
 * @throws CredentialsError `InvalidCredentials` for an empty or non-string field or an invalid `expiration`.
 *
 * @example
 * ```ts
 * const provider = fromStatic({ accessKeyId: 'LTAI…', accessKeySecret: '…' });
 * const creds = await provider();
 * ```
 */
export function fromStatic(init: CredentialsInit): CredentialProvider {
  const creds: Credentials = createCredentials({ ...init, providerName: STATIC_PROVIDER_NAME });
  return async (options) => {
    throwIfAborted(options?.signal, STATIC_PROVIDER_NAME);
    return creds;
  };
}
