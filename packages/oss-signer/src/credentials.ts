import { CredentialsError, isCredentialsError, type CredentialProvider, type Credentials } from './core';
import { SIGNER_NAME, invalid } from './errors';

function check(creds: unknown): Credentials {
  const c = creds as Partial<Credentials> | null | undefined;
  if (typeof c !== 'object' || c === null) throw invalid('credentials must be a Credentials object or a provider function', 'InvalidConfiguration');
  if (typeof c.accessKeyId !== 'string' || c.accessKeyId === '' || c.accessKeyId.includes('/')) {
    throw invalid('credentials.accessKeyId must be a non-empty string without "/"', 'InvalidCredentials');
  }
  if (typeof c.accessKeySecret !== 'string' || c.accessKeySecret === '') {
    throw invalid('credentials.accessKeySecret must be a non-empty string', 'InvalidCredentials');
  }
  if (c.securityToken !== undefined && c.securityToken !== null && typeof c.securityToken !== 'string') {
    throw invalid('credentials.securityToken must be a string when present', 'InvalidCredentials');
  }
  // Signing with expired STS credentials only earns a 403 later; say so now.
  if (c.expiration instanceof Date && c.expiration.getTime() <= Date.now()) {
    throw new CredentialsError(`the credentials from "${String(c.providerName)}" expired at ${c.expiration.toISOString()}; refresh them before signing`, {
      code: 'Expired',
      provider: SIGNER_NAME,
      tryNextLink: false,
    });
  }
  return c as Credentials;
}

/**
 * The credentials to sign with. A plain object is used synchronously (no await on the hot path); a provider
 * is called each time, and whatever it throws comes back as a CredentialsError: its own when it already is
 * one (so `code`/`tryNextLink` survive), else one that keeps the original as `cause` and says what to do.
 */
export function resolveCredentials(
  source: Credentials | CredentialProvider | undefined,
  signal: AbortSignal | undefined,
): Credentials | Promise<Credentials> {
  if (typeof source !== 'function') return check(source);
  let pending: Promise<Credentials>;
  try {
    pending = Promise.resolve(source(signal ? { signal } : undefined));
  } catch (error) {
    pending = Promise.reject(error);
  }
  return pending.then(check, (error: unknown) => {
    if (isCredentialsError(error)) throw error;
    throw new CredentialsError(
      'the credentials provider failed, so the OSS request was not signed; see `cause`, and check the provider configuration',
      { code: 'ProviderFailed', provider: SIGNER_NAME, tryNextLink: false, cause: error },
    );
  });
}
