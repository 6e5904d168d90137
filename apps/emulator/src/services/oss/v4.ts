import { createHash, createHmac } from 'node:crypto';
import { byteCompare, uriEncode } from './encode';

/**
 * OSS Signature V4 (`OSS4-HMAC-SHA256`) as the server recomputes it from a received request
 * (signing-spec §1). Written from the spec, independently of any signer in this repo, so a shared
 * bug is unlikely; the vector tests pin it to the official SDK values.
 */

export const V4_ALGORITHM = 'OSS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** Headers always signed when present (besides every `x-oss-*`). */
const DEFAULT_SIGNED = new Set(['content-type', 'content-md5']);

function isDefaultSigned(name: string): boolean {
  return name.startsWith('x-oss-') || DEFAULT_SIGNED.has(name);
}

/**
 * The additional headers that really take part in the signature: lower-cased, de-duplicated, sorted,
 * without the always-signed ones and without names the request does not carry (spec §1.7).
 */
export function effectiveAdditionalHeaders(names: readonly string[], headers: Record<string, string>): string[] {
  const out = new Set<string>();
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    if (!name || isDefaultSigned(name)) continue;
    const value = headers[name];
    if (value === undefined || value.trim() === '') continue;
    out.add(name);
  }
  return [...out].sort(byteCompare);
}

/** `name:value\n` for every signed header, sorted bytewise by lower-case name (spec §1.6). */
export function canonicalHeaders(headers: Record<string, string>, additional: readonly string[]): string {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    lower[key] = lower[key] === undefined ? value : `${lower[key]},${value}`;
  }
  const extra = new Set(effectiveAdditionalHeaders(additional, lower));
  return Object.keys(lower)
    .filter((name) => isDefaultSigned(name) || extra.has(name))
    .sort(byteCompare)
    .map((name) => `${name}:${(lower[name] ?? '').trim()}\n`)
    .join('');
}

/**
 * Canonical query from decoded pairs: strict-encode names and values, sort by encoded name, bare name
 * for an empty value (spec §1.5). The server re-encodes what it decoded, so `k=` and `k` are the same.
 */
export function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => byteCompare(a[0], b[0]) || byteCompare(a[1], b[1]))
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .join('&');
}

/** Canonical URI: always `/bucket/key` whatever the URL style, encoded once with `/` kept (spec §1.4). */
export function canonicalUri(bucket: string | undefined, key: string | undefined): string {
  let uri = '/';
  if (bucket) uri += `${bucket}/`;
  if (key) uri += key;
  return uriEncode(uri, true);
}

export interface V4Input {
  method: string;
  bucket?: string;
  key?: string;
  /** Decoded query pairs, without `x-oss-signature`. */
  query: ReadonlyArray<readonly [string, string]>;
  headers: Record<string, string>;
  additionalHeaders: readonly string[];
  /** `YYYYMMDDTHHMMSSZ` */
  datetime: string;
  /** `date/region/product/aliyun_v4_request` */
  scope: string;
  hashedPayload: string;
}

/** The canonical request and string to sign the server expects for `input`. */
export function v4StringToSign(input: V4Input): { canonicalRequest: string; stringToSign: string } {
  const additional = effectiveAdditionalHeaders(input.additionalHeaders, lowerKeys(input.headers));
  const canonicalRequest = [
    input.method,
    canonicalUri(input.bucket, input.key),
    canonicalQuery(input.query),
    canonicalHeaders(input.headers, additional),
    additional.join(';'),
    input.hashedPayload,
  ].join('\n');
  const hash = createHash('sha256').update(canonicalRequest, 'utf8').digest('hex');
  return { canonicalRequest, stringToSign: `${V4_ALGORITHM}\n${input.datetime}\n${input.scope}\n${hash}` };
}

/** Lower-case hex HMAC-SHA256 signature with the `aliyun_v4` key chain (spec §1.11). */
export function v4Signature(secret: string, date: string, region: string, product: string, stringToSign: string): string {
  const kDate = createHmac('sha256', `aliyun_v4${secret}`).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kProduct = createHmac('sha256', kRegion).update(product).digest();
  const kSigning = createHmac('sha256', kProduct).update('aliyun_v4_request').digest();
  return createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');
}

/** Parsed `Credential=` value: `AK/date/region/product/aliyun_v4_request`. */
export interface V4Credential {
  accessKeyId: string;
  date: string;
  region: string;
  product: string;
  scope: string;
}

/** Splits a V4 credential; the AccessKey id itself never contains `/`, the rest is the scope. */
export function parseV4Credential(value: string): V4Credential | undefined {
  const parts = value.split('/');
  if (parts.length !== 5 || parts[4] !== 'aliyun_v4_request') return undefined;
  const [accessKeyId, date, region, product] = parts as [string, string, string, string, string];
  if (!accessKeyId || !/^\d{8}$/.test(date) || !region || !product) return undefined;
  return { accessKeyId, date, region, product, scope: parts.slice(1).join('/') };
}

/**
 * Parses `OSS4-HMAC-SHA256 Credential=…,AdditionalHeaders=…,Signature=…`. The pairs may come in any
 * order and with spaces after commas (oss2 and the docs do that), so the server accepts both.
 */
export function parseV4Authorization(
  header: string,
): { credential: string; additionalHeaders: string[]; signature: string } | undefined {
  if (!header.startsWith(`${V4_ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(V4_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signature = fields.get('Signature');
  if (!credential || !signature) return undefined;
  const extra = fields.get('AdditionalHeaders');
  return { credential, signature, additionalHeaders: extra ? extra.split(';') : [] };
}

/** `20231216T162057Z` → Date, or undefined when malformed. */
export function parseV4Datetime(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}
