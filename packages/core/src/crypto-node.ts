import { createHash, createHmac, sign } from 'node:crypto';
import type { SyncCrypto } from './crypto-types';
import type { BinaryLike } from './encoding';

// Node build of the crypto interface; `crypto-web.ts` exports the same names for edge runtimes.

function bytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** SHA-256 digest of `data` (strings are UTF-8). */
export async function sha256(data: BinaryLike): Promise<Uint8Array> {
  return bytes(createHash('sha256').update(data).digest());
}

/** HMAC-SHA256 of `data` with `key` (strings are UTF-8). */
export async function hmacSha256(key: BinaryLike, data: BinaryLike): Promise<Uint8Array> {
  return bytes(createHmac('sha256', key).update(data).digest());
}

/** HMAC-SHA1 of `data` with `key` (strings are UTF-8); used by the RPC v1 and OSS v1 signatures. */
export async function hmacSha1(key: BinaryLike, data: BinaryLike): Promise<Uint8Array> {
  return bytes(createHmac('sha1', key).update(data).digest());
}

/**
 * RSASSA-PKCS1-v1_5 with SHA-256 over `data`. `privateKey` is a PEM string (PKCS#8 `BEGIN PRIVATE KEY`; on
 * Node PKCS#1 `BEGIN RSA PRIVATE KEY` works too) or a WebCrypto `CryptoKey` made for `RSASSA-PKCS1-v1_5`.
 */
export async function rsaSha256Sign(privateKey: string | CryptoKey, data: BinaryLike): Promise<Uint8Array> {
  if (typeof privateKey !== 'string') {
    const input = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    return new Uint8Array(await globalThis.crypto.subtle.sign('RSASSA-PKCS1-v1_5', privateKey, input as BufferSource));
  }
  return bytes(sign('sha256', typeof data === 'string' ? Buffer.from(data, 'utf8') : data, privateKey));
}

/** Synchronous SHA-256 / HMAC-SHA256 through `node:crypto` (always present on Node). */
export const syncCrypto: SyncCrypto | undefined = {
  sha256: (data) => bytes(createHash('sha256').update(data).digest()),
  hmacSha256: (key, data) => bytes(createHmac('sha256', key).update(data).digest()),
};
