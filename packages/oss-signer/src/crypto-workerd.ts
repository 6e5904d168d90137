import type { SyncCrypto } from '@alicred/core';

// Worker build (workerd, Vercel Edge): those runtimes always have WebCrypto, so the pure-JS fallback core
// ships for other edge targets would only add ~5 KB to every Worker bundle. WebCrypto only here.

type Data = string | Uint8Array;
const encoder = new TextEncoder();
const bytes = (data: Data) => (typeof data === 'string' ? encoder.encode(data) : data) as BufferSource;

/** No synchronous hashing in Workers: the signer takes its async path. */
export const syncCrypto: SyncCrypto | undefined = undefined;

/** SHA-256 of `data` (strings are UTF-8). */
export async function sha256(data: Data): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes(data)));
}

async function hmac(hash: string, key: Data, data: Data): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey('raw', bytes(key), { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, bytes(data)));
}

/** HMAC-SHA256 of `data` with `key`. */
export const hmacSha256 = (key: Data, data: Data): Promise<Uint8Array> => hmac('SHA-256', key, data);
/** HMAC-SHA1 of `data` with `key` (OSS V1). */
export const hmacSha1 = (key: Data, data: Data): Promise<Uint8Array> => hmac('SHA-1', key, data);

/** No native hex digests in Workers; the signer uses the async functions above. */
export const hexCrypto: { sha256(data: string): string; hmacSha256(key: Uint8Array, data: string): string } | undefined = undefined;
