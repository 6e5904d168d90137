import { createHmac, timingSafeEqual } from 'node:crypto';
import { compareBytewise, percentEncode } from './percent-encode';

/**
 * RPC signature v1.0 (HMAC-SHA1), what STS `AssumeRole` and every RPC-style POP API accept:
 * every parameter (query and form body together) except `Signature`, sorted by name, `k=v` percent-encoded,
 * joined with `&`; then `METHOD&%2F&percentEncode(thatString)`; key = `secret + "&"`.
 */
export function rpcCanonicalQuery(params: Iterable<[string, string]>): string {
  return [...params]
    .filter(([k]) => k !== 'Signature')
    .sort(([a], [b]) => compareBytewise(a, b))
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
}

/** The StringToSign the server computes; STS echoes it in `SignatureDoesNotMatch` errors. */
export function rpcStringToSign(method: string, params: Iterable<[string, string]>): string {
  return `${method}&${percentEncode('/')}&${percentEncode(rpcCanonicalQuery(params))}`;
}

/** base64(HMAC-SHA1(secret + "&", stringToSign)). */
export function rpcSign(stringToSign: string, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** Constant-time comparison, so a test harness cannot learn a signature byte by byte from timings. */
export function signaturesEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True when `signature` is the RPC v1 signature of `method` + `params` under `accessKeySecret`. */
export function verifyRpcV1Signature(method: string, params: Iterable<[string, string]>, accessKeySecret: string, signature: string): boolean {
  return signaturesEqual(rpcSign(rpcStringToSign(method, params), accessKeySecret), signature);
}
