import { invalid } from './errors';

const UNRESERVED = /^[\w.~-]*$/;
const UNRESERVED_OR_SLASH = /^[\w.~/-]*$/;
const hexEscape = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;

/**
 * OSS `UriEncode` (signing-spec §1.4–1.5): UTF-8 bytes, only `A-Z a-z 0-9 - _ . ~` kept, upper-case `%XX`
 * everywhere else (space → `%20`, `+` → `%2B`, `/` → `%2F`, and `/` kept with `keepSlash`, for paths). Used for
 * the canonical request and for URLs, so what is sent is byte for byte what is signed. `what` names the field
 * in the error for a lone UTF-16 surrogate, which has no UTF-8 form and so can be neither sent nor signed.
 */
export function uriEncode(value: string, what = 'request.query', keepSlash?: boolean): string {
  if ((keepSlash ? UNRESERVED_OR_SLASH : UNRESERVED).test(value)) return value;
  let encoded: string;
  try {
    // encodeURIComponent leaves !'()* alone; OSS (like RFC 3986 strict) wants them escaped.
    encoded = encodeURIComponent(value).replace(/[!'()*]/g, hexEscape);
  } catch {
    throw invalid(`${what} has a lone surrogate: it is not valid Unicode`);
  }
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}
