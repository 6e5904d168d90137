/**
 * RFC 3986 percent-encoding as Alibaba Cloud's RPC (v1) and ACS3 signatures define it: UTF-8 bytes, only
 * `A-Z a-z 0-9 - _ . ~` kept, everything else `%XX` with upper-case hex (space is `%20`, never `+`).
 * `encodeURIComponent` already does this except for `!'()*`, which it leaves alone.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Byte-wise (code unit) comparison; `localeCompare` would sort `_` and upper case differently from the SDKs. */
export function compareBytewise(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
