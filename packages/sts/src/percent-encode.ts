import { CredentialsError } from '@alicred/core';

// Not imported from sts-client (which imports this file): the name errors carry when no client named one.
const STS_PROVIDER = 'sts';

/**
 * RFC 3986 percent-encoding as Alibaba Cloud's RPC signature needs it: UTF-8 bytes, only `A-Z a-z 0-9 - _ . ~`
 * kept, everything else `%XX` in upper case. A space is `%20` (never `+`) and `*` is `%2A`; a form or
 * `URLSearchParams` encoder gets both wrong, and the server then computes a different signature.
 *
 * @throws CredentialsError `InvalidRequest` for text with a lone surrogate (it has no UTF-8 form).
 *
 * @example
 * ```ts
 * percentEncode('a b*c~'); // 'a%20b%2Ac~'
 * ```
 */
export function percentEncode(value: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // A lone surrogate has no UTF-8 form (encodeURIComponent throws URIError). The value may be a secret or a
    // token, so the message does not quote it.
    throw new CredentialsError('a request parameter is not valid Unicode text (it has a lone surrogate) and cannot be signed.', {
      code: 'InvalidRequest',
      provider: STS_PROVIDER,
    });
  }
  // encodeURIComponent leaves ! ' ( ) * alone; RFC 3986 reserves them, so they are escaped by hand.
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
