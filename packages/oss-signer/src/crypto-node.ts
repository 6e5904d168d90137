// Node build: core's crypto (node:crypto, with synchronous hashing for the hot path).
export { hmacSha1, hmacSha256, sha256, syncCrypto } from '@alicred/core';
