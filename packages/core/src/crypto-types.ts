import type { BinaryLike } from './encoding';

/**
 * Synchronous hashing, for hot paths (the OSS signer signs every request): present on Node
 * (`node:crypto`) and where WebCrypto is missing (pure JS); `undefined` where only async WebCrypto exists.
 */
export interface SyncCrypto {
  /** SHA-256 digest of `data`. */
  sha256(data: BinaryLike): Uint8Array;
  /** HMAC-SHA256 of `data` with `key`. */
  hmacSha256(key: BinaryLike, data: BinaryLike): Uint8Array;
}
