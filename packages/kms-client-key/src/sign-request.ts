import { rsaSha256Sign, toBase64 } from '@alicred/core';

/** KMS API version of GetSecretValue. */
export const KMS_API_VERSION = '2016-01-20';

/**
 * RFC 3986 percent-encoding as the RPC signature needs it: only `A-Z a-z 0-9 - _ . ~` kept, space is `%20`,
 * `*` is `%2A` (URLSearchParams gets both wrong).
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

// Sort by code point (what the gateway does over UTF-8 bytes), not by UTF-16 code unit.
function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const diff = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

/** The sorted, percent-encoded `k=v&…` query (also the form that is sent). */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .sort(compareCodePoints)
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name]!)}`)
    .join('&');
}

/** RPC v1.0 string to sign: `METHOD&%2F&percentEncode(canonical query)`. */
export function rpcStringToSign(method: string, params: Readonly<Record<string, string>>): string {
  return `${method}&%2F&${percentEncode(canonicalQuery(params))}`;
}

/** What one GetSecretValue request asks for. */
export interface GetSecretValueParams {
  keyId: string;
  secretName: string;
  versionStage: string;
  regionId?: string;
  /** Unique per request; KMS refuses a reused nonce. */
  nonce: string;
  /** Request time (the gateway accepts ±15 minutes). */
  now: Date;
}

/** `2024-01-02T03:04:05Z`: the RPC Timestamp has no milliseconds. */
export function rpcTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The parameters of a GetSecretValue call signed with a ClientKey, `Signature` excluded. */
export function getSecretValueParams(p: GetSecretValueParams): Record<string, string> {
  const params: Record<string, string> = {
    Action: 'GetSecretValue',
    Version: KMS_API_VERSION,
    Format: 'JSON',
    AccessKeyId: p.keyId,
    SignatureMethod: 'SHA256withRSA',
    SignatureType: 'PRIVATEKEY',
    SignatureVersion: '1.0',
    SignatureNonce: p.nonce,
    Timestamp: rpcTimestamp(p.now),
    SecretName: p.secretName,
    VersionStage: p.versionStage,
    FetchExtendedConfig: 'true',
  };
  if (p.regionId !== undefined) params['RegionId'] = p.regionId;
  return params;
}

/**
 * The query string of a signed GET: the canonical query plus
 * `Signature = base64(RSASSA-PKCS1-v1_5-SHA256(key, stringToSign))`. The result authorizes one request:
 * never log it.
 */
export async function signedQuery(params: Readonly<Record<string, string>>, key: CryptoKey | string, method = 'GET'): Promise<string> {
  const signature = toBase64(await rsaSha256Sign(key, rpcStringToSign(method, params)));
  return `${canonicalQuery(params)}&Signature=${percentEncode(signature)}`;
}
