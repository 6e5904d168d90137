import { createHash, createHmac } from 'node:crypto';

// Node build: core's crypto (node:crypto, with synchronous hashing) ...
export { hmacSha1, hmacSha256, sha256, syncCrypto } from '@alicred/core';

/**
 * ... plus hex digests straight from node:crypto for the V4 hot path (one SHA-256 and one HMAC per
 * signature): node's native hex encoding saves a bytes → hex pass in JS. `undefined` in the edge builds.
 */
export const hexCrypto: { sha256(data: string): string; hmacSha256(key: Uint8Array, data: string): string } | undefined = {
  sha256: (data) => createHash('sha256').update(data).digest('hex'),
  hmacSha256: (key, data) => createHmac('sha256', key).update(data).digest('hex'),
};
