// Edge build for browsers, Deno and Bun-as-browser: core's crypto, i.e. WebCrypto, and the pure-JS
// @aws-crypto/sha256-js fallback where crypto.subtle is missing (plain-http pages).
export { hmacSha1, hmacSha256, sha256, syncCrypto } from '@alicred/core';
