import { hexCrypto, hmacSha256, sha256, syncCrypto, toHex, type Credentials } from './core';
import { uriEncode, uriEncodePath } from './encode';
import { invalid } from './errors';
import { signingKeyAsync, signingKeySync } from './signing-key';

/** The V4 algorithm name, in `Authorization`, the string to sign and `x-oss-signature-version`. */
export const ALGORITHM = 'OSS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

const REGION = /^[a-z0-9][a-z0-9-]*$/;

/** The signing region: bare ID (`oss-cn-hangzhou` → `cn-hangzhou`), lower-case letters, digits and `-`. */
let lastRegion = '';
let lastBare = '';
export function normalizeRegion(region: unknown): string {
  // Callers sign for one region over and over; skip the checks for the one seen last.
  if (region === lastRegion && region !== '') return lastBare;
  if (typeof region !== 'string' || region === '') {
    throw invalid('options.region is required: the bare region ID such as "cn-hangzhou" (or the CloudBox ID)', 'InvalidConfiguration');
  }
  const bare = region.startsWith('oss-') ? region.slice(4) : region;
  if (!REGION.test(bare)) throw invalid(`options.region ${JSON.stringify(region)} is not a region ID such as "cn-hangzhou"`, 'InvalidConfiguration');
  lastRegion = region;
  lastBare = bare;
  return bare;
}

/** `oss` (default) or `oss-cloudbox`. */
export function normalizeProduct(product: unknown): string {
  if (product === undefined || product === 'oss') return 'oss';
  if (product === 'oss-cloudbox') return product;
  throw invalid('options.product must be "oss" or "oss-cloudbox"', 'InvalidConfiguration');
}

/** Canonical URI: `/bucket/key` whatever the URL style, key encoded once with `/` kept (spec §1.4). */
let lastUri: { bucket: string; key: string | undefined; uri: string } | undefined;
export function canonicalUri(bucket: string | undefined, key: string | undefined): string {
  if (bucket === undefined) return '/';
  // One-entry memo: signing the same object again (retries, HEAD then GET, presign per viewer) is common.
  if (lastUri !== undefined && lastUri.bucket === bucket && lastUri.key === key) return lastUri.uri;
  const uri = `/${uriEncodePath(bucket, 'request.bucket')}/${key === undefined ? '' : uriEncodePath(key)}`;
  lastUri = { bucket, key, uri };
  return uri;
}

/** Canonical query: strict-encoded, sorted by encoded name, bare name for an empty value (spec §1.5). */
export function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  if (pairs.length === 0) return '';
  const encoded: Array<[string, string]> = [];
  for (const [name, value] of pairs) {
    const n = uriEncode(name);
    encoded.push([n, value === '' ? n : `${n}=${uriEncode(value)}`]);
  }
  // Encoded names are ASCII, so `<` on them is byte order (never localeCompare). Sort on the name alone:
  // comparing whole `name=value` entries would put `a-b` before `a=1`.
  if (encoded.length > 1) encoded.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let out = encoded[0]![1];
  for (let i = 1; i < encoded.length; i++) out += `&${encoded[i]![1]}`;
  return out;
}

const NONE: string[] = [];

function isDefaultSigned(name: string): boolean {
  return name.startsWith('x-oss-') || name === 'content-type' || name === 'content-md5';
}

/**
 * Effective additional headers (spec §1.7): lower-cased, unique, sorted, without always-signed names and
 * without names the request lacks or leaves empty.
 */
export function effectiveAdditionalHeaders(names: readonly string[] | undefined, headers: Record<string, string>): string[] {
  if (names === undefined || names.length === 0) return NONE;
  if (!Array.isArray(names)) throw invalid('options.additionalHeaders must be an array of header names', 'InvalidConfiguration');
  const out: string[] = [];
  for (const raw of names) {
    if (typeof raw !== 'string') throw invalid('options.additionalHeaders must contain only strings', 'InvalidConfiguration');
    const name = raw.toLowerCase();
    if (isDefaultSigned(name) || out.includes(name)) continue;
    const value = headers[name];
    if (value === undefined || value.trim() === '') continue;
    out.push(name);
  }
  return out.sort();
}

/** The names signed for these headers (sorted) and their `name:value\n` block (spec §1.6). */
export function canonicalHeaders(
  headers: Record<string, string>,
  additional: readonly string[],
): { names: string[]; block: string } {
  const names: string[] = [];
  for (const name in headers) {
    if (isDefaultSigned(name) || (additional.length !== 0 && additional.includes(name))) names.push(name);
  }
  names.sort();
  let block = '';
  for (const name of names) block += `${name}:${headers[name]!.trim()}\n`;
  return { names, block };
}

/** `date/region/product/aliyun_v4_request`. */
export function scopeOf(date: string, region: string, product: string): string {
  return `${date}/${region}/${product}/aliyun_v4_request`;
}

/**
 * Hex signature of a canonical request (spec §1.10–1.11). Synchronous where core offers synchronous
 * crypto (node:crypto), so the Node hot path has no await; a promise through WebCrypto elsewhere.
 */
export function signCanonicalRequest(
  creds: Credentials,
  datetime: string,
  date: string,
  region: string,
  product: string,
  scope: string,
  canonicalRequest: string,
): string | Promise<string> {
  const sc = syncCrypto;
  const hc = hexCrypto;
  if (sc !== undefined && hc !== undefined) {
    const key = signingKeySync(sc, creds, date, region, product, scope);
    return hc.hmacSha256(key, `${ALGORITHM}\n${datetime}\n${scope}\n${hc.sha256(canonicalRequest)}`);
  }
  if (sc !== undefined) {
    const key = signingKeySync(sc, creds, date, region, product, scope);
    const stringToSign = `${ALGORITHM}\n${datetime}\n${scope}\n${toHex(sc.sha256(canonicalRequest))}`;
    return toHex(sc.hmacSha256(key, stringToSign));
  }
  return (async () => {
    // Start deriving the key while the canonical request is hashed.
    const keyPromise = signingKeyAsync(creds, date, region, product, scope);
    const hash = toHex(await sha256(canonicalRequest));
    const stringToSign = `${ALGORITHM}\n${datetime}\n${scope}\n${hash}`;
    return toHex(await hmacSha256(await keyPromise, stringToSign));
  })();
}
