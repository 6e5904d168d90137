import { CredentialsError, parseExpiration } from '@alicred/core';

const RFC3339_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?[+-]\d{2}:\d{2}$/;

/**
 * An expiration from a credential helper or the OAuth exchange, which are less uniform than STS: strict ISO
 * UTC (`…Z`, via core), RFC 3339 with an offset (`…+08:00`), or a number of epoch seconds (or milliseconds,
 * when too large to be seconds).
 */
export function parseLooseExpiration(value: unknown, provider: string): Date {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    return new Date(value < 1e11 ? value * 1000 : value);
  }
  if (typeof value === 'string' && RFC3339_OFFSET.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  if (typeof value === 'string') return parseExpiration(value, provider);
  throw new CredentialsError(`${provider}: the expiration is not a date string or a number.`, { code: 'InvalidResponse', provider });
}
