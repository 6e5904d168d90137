// Marked pure so bundles that use none of these helpers drop them (bundlers keep top-level `new` calls).
const encoder = /* @__PURE__ */ new TextEncoder();
const decoder = /* @__PURE__ */ new TextDecoder();

/** Bytes or text; text is encoded as UTF-8. */
export type BinaryLike = string | Uint8Array;

/** UTF-8 bytes of `text`. */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Text from UTF-8 bytes (invalid sequences become U+FFFD). */
export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** `data` as bytes: strings are UTF-8 encoded, byte arrays returned as they are. */
export function toBytes(data: BinaryLike): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

const HEX = /* @__PURE__ */ Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

/** Standard base64 (with padding) of `bytes`; strings are UTF-8 encoded first. */
export function toBase64(data: BinaryLike): string {
  const bytes = toBytes(data);
  let binary = '';
  // Chunks keep String.fromCharCode's argument count well under engine limits for large inputs.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Bytes of a base64 or base64url string (padding optional, whitespace ignored).
 *
 * @throws TypeError when the input is not base64.
 */
export function fromBase64(text: string): Uint8Array {
  const normalized = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  const padded = normalized + '='.repeat((4 - (normalized.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    throw new TypeError('the value is not valid base64.');
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
