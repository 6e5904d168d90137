/**
 * RFC 3986 percent-encoding as Alibaba Cloud's RPC signature needs it: UTF-8 bytes, only `A-Z a-z 0-9 - _ . ~`
 * kept, everything else `%XX` in upper case. A space is `%20` (never `+`) and `*` is `%2A`; a form or
 * `URLSearchParams` encoder gets both wrong, and the server then computes a different signature.
 *
 * @example
 * ```ts
 * percentEncode('a b*c~'); // 'a%20b%2Ac~'
 * ```
 */
export function percentEncode(value: string): string {
  // encodeURIComponent leaves ! ' ( ) * alone; RFC 3986 reserves them, so they are escaped by hand.
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
