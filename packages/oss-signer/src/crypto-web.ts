import { hmacSha1, hmacSha256 as hmac, sha256, toBase64, toHex } from '@alicred/core';
import type { Maybe } from './maybe';

// Edge build for browsers, Deno and Bun-as-browser: core's crypto, i.e. WebCrypto, with core's pure-JS
// SHA-256 fallback where crypto.subtle is missing (plain-http pages).

/** Hex SHA-256 of a UTF-8 string. */
export const sha256Hex = async (data: string): Promise<string> => toHex(await sha256(data));

/** HMAC-SHA256 (strings are UTF-8). */
export const hmacSha256 = (key: string | Uint8Array, data: string): Maybe<Uint8Array> => hmac(key, data);

/** Hex HMAC-SHA256. */
export const hmacSha256Hex = async (key: Uint8Array, data: string): Promise<string> => toHex(await hmac(key, data));

/** Base64 HMAC-SHA1 (V1; needs crypto.subtle). */
export const hmacSha1Base64 = async (key: string, data: string): Promise<string> => toBase64(await hmacSha1(key, data));
