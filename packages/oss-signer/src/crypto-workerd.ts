import { toBase64, toHex } from '@alicred/core';
import type { Maybe } from './maybe';

// Worker build (workerd, Vercel Edge): those runtimes always have WebCrypto, so this twin calls it directly
// and never reaches core's pure-JS SHA-256 fallback, which would only add bytes to every Worker bundle.

const encoder = new TextEncoder();
const bytes = (data: string | Uint8Array) => (typeof data === 'string' ? encoder.encode(data) : data) as BufferSource;

async function hmac(hash: string, key: string | Uint8Array, data: string): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey('raw', bytes(key), { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, bytes(data)));
}

/** Hex SHA-256 of a UTF-8 string. */
export const sha256Hex = async (data: string): Promise<string> => toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes(data))));

/** HMAC-SHA256 (strings are UTF-8). */
export const hmacSha256 = (key: string | Uint8Array, data: string): Maybe<Uint8Array> => hmac('SHA-256', key, data);

/** Hex HMAC-SHA256. */
export const hmacSha256Hex = async (key: Uint8Array, data: string): Promise<string> => toHex(await hmac('SHA-256', key, data));

/** Base64 HMAC-SHA1 (V1). */
export const hmacSha1Base64 = async (key: string, data: string): Promise<string> => toBase64(await hmac('SHA-1', key, data));
