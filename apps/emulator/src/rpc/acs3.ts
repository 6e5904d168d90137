import { createHash, createHmac } from 'node:crypto';
import { compareBytewise, percentEncode } from './percent-encode';

/** Parsed `Authorization: ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`. */
export interface Acs3Authorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

/** Parses the header; `undefined` when it is not a well-formed ACS3 authorization. */
export function parseAcs3Authorization(header: string): Acs3Authorization | undefined {
  if (!header.startsWith(`${ACS3_ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(ACS3_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || signedHeaders === undefined || !signature) return undefined;
  return { accessKeyId, signedHeaders: signedHeaders.split(';').filter(Boolean), signature };
}

export interface Acs3Input {
  method: string;
  /** Path as sent (already URL-encoded on the wire); `/` for RPC-style APIs. */
  canonicalUri: string;
  /** Decoded query parameters. */
  query: Iterable<[string, string]>;
  /** Header name (any case) → values, in the order they were sent. */
  headers: Iterable<[string, string]>;
  signedHeaders: string[];
  hashedPayload: string;
}

/** The canonical request of ACS3 (signing-spec §4): empty query values keep their `=`. */
export function acs3CanonicalRequest(input: Acs3Input): string {
  const query = [...input.query]
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort((a, b) => compareBytewise(a[0], b[0]) || compareBytewise(a[1], b[1]))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const byName = new Map<string, string[]>();
  for (const [name, value] of input.headers) {
    const lower = name.toLowerCase();
    const list = byName.get(lower) ?? [];
    list.push(value.trim());
    byName.set(lower, list);
  }
  const signed = [...input.signedHeaders].map((h) => h.toLowerCase()).sort(compareBytewise);
  const canonicalHeaders = signed.map((h) => `${h}:${(byName.get(h) ?? []).sort(compareBytewise).join(',')}\n`).join('');
  return [input.method, input.canonicalUri, query, canonicalHeaders, signed.join(';'), input.hashedPayload].join('\n');
}

export function acs3StringToSign(canonicalRequest: string): string {
  return `${ACS3_ALGORITHM}\n${createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')}`;
}

/** hex(HMAC-SHA256(secret, stringToSign)): no `&` suffix, no key derivation. */
export function acs3Sign(stringToSign: string, accessKeySecret: string): string {
  return createHmac('sha256', accessKeySecret).update(stringToSign, 'utf8').digest('hex');
}

export function sha256Hex(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}
