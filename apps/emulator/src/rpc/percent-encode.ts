/**
 * RFC 3986 percent-encoding as Alibaba Cloud's RPC (v1) and ACS3 signatures define it: UTF-8 bytes, only
 * `A-Z a-z 0-9 - _ . ~` kept, everything else `%XX` with upper-case hex (space is `%20`, never `+`).
 * `encodeURIComponent` already does this except for `!'()*`, which it leaves alone.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * UTF-8 byte order, which is code point order (signing-spec §3: "sort the params by name, bytewise");
 * `localeCompare` would sort `_` and upper case differently from the SDKs, and plain `<` compares UTF-16 code
 * units, which puts astral characters (😀) before U+E000..U+FFFF (ｶ).
 */
export function compareBytewise(a: string, b: string): number {
  if (a === b) return 0;
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const diff = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (diff !== 0) return diff;
  }
}
