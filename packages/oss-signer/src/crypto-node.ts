import { createHmac, hash } from 'node:crypto';
import type { Maybe } from './maybe';

// Node build: node:crypto, synchronously, with node's native hex encoding, so the V4 hot path (one SHA-256
// and one HMAC per signature) has no await and no bytes → hex pass in JS. The `-web` and `-workerd` twins
// export the same names and return promises; the signer handles both through `then` (./maybe).

/** Hex SHA-256 of a UTF-8 string; the one-shot `hash()` (Node 20.12+) costs half of a createHash object. */
export const sha256Hex = (data: string): Maybe<string> => hash('sha256', data, 'hex');

/** HMAC-SHA256 (strings are UTF-8); signing-key derivation. */
export const hmacSha256 = (key: string | Uint8Array, data: string): Maybe<Uint8Array> => createHmac('sha256', key).update(data).digest();

/** Hex HMAC-SHA256: the V4 signature. */
export const hmacSha256Hex = (key: Uint8Array, data: string): Maybe<string> => createHmac('sha256', key).update(data).digest('hex');

/** Base64 HMAC-SHA1: the V1 signature. */
export const hmacSha1Base64 = (key: string, data: string): Maybe<string> => createHmac('sha1', key).update(data).digest('base64');
