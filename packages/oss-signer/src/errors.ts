import { CredentialsError } from './core';

/** The `provider` field of every error this package throws. */
export const SIGNER_NAME = 'oss-signer';

/**
 * A caller mistake (bad method, header, region, expiry…). Every input error is a CredentialsError with code
 * `InvalidRequest`, `InvalidConfiguration` or `InvalidCredentials`, so callers check one property (`code`) whatever went wrong.
 * Messages name the offending field, never a secret, token or signature.
 */
export function invalid(message: string, code: 'InvalidRequest' | 'InvalidConfiguration' | 'InvalidCredentials' = 'InvalidRequest'): CredentialsError {
  return new CredentialsError(message, { code, provider: SIGNER_NAME, tryNextLink: false });
}
