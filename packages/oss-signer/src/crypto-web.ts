// Edge build for browsers, Deno and Bun-as-browser: core's crypto, i.e. WebCrypto, and the pure-JS
// @aws-crypto/sha256-js fallback where crypto.subtle is missing (plain-http pages).
export { hmacSha1, hmacSha256, sha256, syncCrypto } from '@alicred/core';

/** No native hex digests here; the signer uses the functions above. */
export const hexCrypto: { sha256(data: string): string; hmacSha256(key: Uint8Array, data: string): string } | undefined = undefined;
