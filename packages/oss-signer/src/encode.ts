import { invalid } from './errors';

const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
const UNRESERVED_OR_SLASH = /^[A-Za-z0-9\-_.~/]*$/;
const SUB_DELIMS = /[!'()*]/g;
const hexEscape = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;

function encodeComponent(value: string, what: string): string {
  try {
    // encodeURIComponent leaves !'()* alone; OSS (like RFC 3986 strict) wants them escaped.
    return encodeURIComponent(value).replace(SUB_DELIMS, hexEscape);
  } catch {
    // Only a lone UTF-16 surrogate gets here: it has no UTF-8 form, so it cannot be sent or signed.
    throw invalid(`${what} is not well-formed Unicode (it contains a lone surrogate)`);
  }
}

/**
 * OSS `UriEncode` (signing-spec §1.4–1.5): UTF-8 bytes, only `A-Z a-z 0-9 - _ . ~` kept, upper-case `%XX`
 * everywhere else (space → `%20`, `+` → `%2B`, `/` → `%2F`). Used for the canonical query and for URLs, so what
 * is sent is byte for byte what is signed.
 */
export function uriEncode(value: string, what = 'a query parameter'): string {
  return UNRESERVED.test(value) ? value : encodeComponent(value, what);
}

/** {@link uriEncode} keeping `/`: the canonical URI and URL paths. */
export function uriEncodePath(value: string, what = 'the object key'): string {
  return UNRESERVED_OR_SLASH.test(value) ? value : encodeComponent(value, what).replace(/%2F/g, '/');
}
