/**
 * Strict RFC 3986 encoding used by OSS V4 canonicalisation: every UTF-8 byte outside `A-Z a-z 0-9 - _ . ~`
 * becomes `%XX` (upper-case hex). `encodeURIComponent` leaves `!'()*` alone, so those are fixed up here.
 */
export function uriEncode(value: string, keepSlash = false): string {
  const encoded = encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

/** Decodes a path segment as sent on the wire; `+` stays a plus (paths are not form-encoded). */
export function decodePath(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** Bytewise (code unit) comparison; `localeCompare` would order `-`, `_` and upper case differently. */
export function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
