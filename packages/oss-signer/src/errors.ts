import { CredentialsError } from './core';

/**
 * A CredentialsError from this package (`provider: 'oss-signer'`, never `tryNextLink`). Messages name what to
 * fix and never contain a secret, a token or a signature.
 */
export function fail(message: string, code: string, cause?: unknown): CredentialsError {
  return new CredentialsError(message, { code, provider: 'oss-signer', tryNextLink: false, cause });
}

/**
 * A caller mistake. The message starts with the field at fault, and the code follows from it, so one
 * helper serves every check: `request…` → `InvalidRequest`, `credentials.…` → `InvalidCredentials`,
 * anything else (`options.…`) → `InvalidConfiguration`.
 */
export function invalid(message: string): CredentialsError {
  return fail(
    message,
    message.startsWith('request') ? 'InvalidRequest' : message.startsWith('credentials.') ? 'InvalidCredentials' : 'InvalidConfiguration',
  );
}
