import { isCredentialsError, type CredentialProvider, type Credentials } from './core';
import { fail, invalid } from './errors';

function check(source: unknown): Credentials {
  const c = source as Partial<Credentials> | null | undefined;
  if (typeof c !== 'object' || c === null) throw invalid('options.credentials must be Credentials or a provider function');
  const { accessKeyId: id, accessKeySecret: secret, securityToken: token, expiration } = c;
  if (typeof id !== 'string' || !id || id.includes('/') || typeof secret !== 'string' || !secret || (token != null && typeof token !== 'string')) {
    throw invalid('credentials.accessKeyId and accessKeySecret must be non-empty strings (no "/" in the id), securityToken a string');
  }
  // Signing with expired STS credentials only earns a 403 later; say so now.
  if (expiration instanceof Date && expiration.getTime() <= Date.now()) {
    throw fail(`the credentials from ${String(c.providerName)} expired at ${expiration.toISOString()}: refresh them`, 'Expired');
  }
  return c as Credentials;
}

/**
 * Runs `use` with the credentials to sign with. A plain object is used synchronously (no await on the hot
 * path); a provider is called each time, and whatever it throws comes back as a CredentialsError: its own when
 * it already is one (so `code`/`tryNextLink` survive), else `ProviderFailed` keeping the original as `cause`.
 * A synchronous throw from `use` (or from checking plain credentials) reaches the caller's try/catch.
 */
export function withCredentials<T>(
  options: { credentials: Credentials | CredentialProvider; signal?: AbortSignal },
  use: (credentials: Credentials) => T | Promise<T>,
): Promise<T> {
  const { credentials: source, signal } = options;
  if (typeof source !== 'function') return Promise.resolve(use(check(source)));
  let pending: Promise<Credentials>;
  try {
    pending = Promise.resolve(source(signal && { signal }));
  } catch (error) {
    pending = Promise.reject(error);
  }
  return pending.then(
    (c) => use(check(c)),
    (error: unknown) => {
      throw isCredentialsError(error)
        ? error
        : fail('the credentials provider failed (see `cause`), so nothing was signed', 'ProviderFailed', error);
    },
  );
}
