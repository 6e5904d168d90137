import { Sha256 } from '@aws-crypto/sha256-js';
import type { SyncCrypto } from './crypto-types';
import { toBytes, type BinaryLike } from './encoding';

/** SHA-256 (no key) or HMAC-SHA256 (with key), synchronously, in pure JS. */
export function jsDigest(key: BinaryLike | undefined, data: BinaryLike): Uint8Array {
  const hash = key === undefined ? new Sha256() : new Sha256(toBytes(key));
  hash.update(toBytes(data));
  return hash.digestSync();
}

/** Synchronous SHA-256 / HMAC-SHA256 in pure JS (`@aws-crypto/sha256-js`), for runtimes without WebCrypto. */
export const pureJsSyncCrypto: SyncCrypto = Object.freeze({
  sha256: (data: BinaryLike) => jsDigest(undefined, data),
  hmacSha256: (key: BinaryLike, data: BinaryLike) => jsDigest(key, data),
});
