import { hmacSha256Hex, sha256Hex, type Credentials } from './core';
import { uriEncode } from './encode';
import { invalid } from './errors';
import type { Maybe } from './maybe';
import { signingKey } from './signing-key';

/** The V4 algorithm name, in `Authorization`, the string to sign and `x-oss-signature-version`. */
export const ALGORITHM = 'OSS4-HMAC-SHA256';

// Callers sign for one region, and often one object, over and over: the last scope and the last canonical URI
// are kept, so the hot path skips the checks, the key's encoding, and a fresh scope string (the signing-key
// memo then compares it by identity). `{}` matches no input.
let lastRegion: unknown = {};
let lastProduct: unknown;
let lastDate = '';
let lastScope = '';
let lastUri = '';
let lastBucket: string | undefined;
let lastKey: string | undefined;

/**
 * The credential scope `<date>/<region>/<product>/aliyun_v4_request`: region as a bare ID (`oss-cn-hangzhou`
 * → `cn-hangzhou`: lower-case letters, digits, `-`), product `oss` (default) or `oss-cloudbox`.
 */
export function scopeOf(date: string, region: unknown, product: unknown): string {
  if (region !== lastRegion || product !== lastProduct || date !== lastDate) {
    if (product !== undefined && product !== 'oss' && product !== 'oss-cloudbox') throw invalid('options.product must be "oss" or "oss-cloudbox"');
    const bare = typeof region === 'string' ? region.replace(/^oss-/, '') : '';
    if (!/^[a-z0-9][a-z0-9-]*$/.test(bare)) throw invalid('options.region must be a region ID such as "cn-hangzhou"');
    lastScope = `${date}/${bare}/${product ?? 'oss'}/aliyun_v4_request`;
    lastRegion = region;
    lastProduct = product;
    lastDate = date;
  }
  return lastScope;
}

/** Canonical URI: `/bucket/key` whatever the URL style, key encoded once with `/` kept (spec §1.4). */
export function canonicalUri(bucket: string | undefined, key: string | undefined): string {
  if (bucket === undefined) return '/';
  if (bucket !== lastBucket || key !== lastKey) {
    lastUri = `/${uriEncode(bucket, 'request.bucket', true)}/${key === undefined ? '' : uriEncode(key, 'request.key', true)}`;
    lastBucket = bucket;
    lastKey = key;
  }
  return lastUri;
}

/** Canonical query: strict-encoded, sorted by encoded name, bare name for an empty value (spec §1.5). */
export function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return joinQuery(pairs.map(([name, value]) => [uriEncode(name), uriEncode(value)]));
}

/** {@link canonicalQuery} of pairs already strict-encoded; sorts `encoded` in place. */
export function joinQuery(encoded: Array<readonly [string, string]>): string {
  // Encoded names are ASCII, so `<` on them is byte order (never localeCompare). Sort on the name alone:
  // comparing whole `name=value` entries would put `a-b` before `a=1`.
  return encoded
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([name, value]) => (value ? `${name}=${value}` : name))
    .join('&');
}

const isDefaultSigned = (name: string) => name.startsWith('x-oss-') || name === 'content-type' || name === 'content-md5';
const NONE: string[] = [];

/**
 * Effective additional headers (spec §1.7): lower-cased, unique, sorted, without always-signed names and
 * without names the request lacks or leaves empty.
 */
export function effectiveAdditionalHeaders(names: readonly string[] | undefined, headers: Record<string, string>): string[] {
  if (names === undefined) return NONE;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
    throw invalid('options.additionalHeaders must be an array of header names');
  }
  if (names.length === 0) return NONE;
  return [...new Set(names.map((n) => n.toLowerCase()))]
    .filter((n) => !isDefaultSigned(n) && typeof headers[n] === 'string' && headers[n].trim() !== '')
    .sort();
}

// The last header names seen and the signed ones among them, sorted: requests repeat the same header set, and
// comparing the names with the last ones is several times cheaper than filtering and sorting them again.
let lastNames: string[] = [];
let lastSigned: string[] = [];
let lastAdditional: readonly string[] = NONE;

/** The names signed for these headers (sorted) and their `name:value\n` block (spec §1.6). */
export function canonicalHeaders(headers: Record<string, string>, additional: readonly string[]): { names: string[]; block: string } {
  const all = Object.keys(headers);
  let same = additional === lastAdditional && all.length === lastNames.length;
  for (let i = 0; same && i < all.length; i++) same = all[i] === lastNames[i];
  if (!same) {
    const names = all.filter((name) => isDefaultSigned(name) || additional.includes(name));
    // Insertion sort: a handful of names, often nearly sorted; several times cheaper than Array#sort here.
    for (let i = 1; i < names.length; i++) {
      const name = names[i]!;
      let j = i;
      for (; j > 0 && names[j - 1]! > name; j--) names[j] = names[j - 1]!;
      names[j] = name;
    }
    lastNames = all;
    lastSigned = names;
    lastAdditional = additional;
  }
  let block = '';
  for (const name of lastSigned) block += `${name}:${headers[name]!.trim()}\n`;
  return { names: lastSigned, block };
}

/**
 * Hex signature of a canonical request (spec §1.8–1.11). Synchronous on Node (node:crypto), so the hot
 * path has no await; a promise through WebCrypto elsewhere.
 */
export function signCanonicalRequest(creds: Credentials, datetime: string, scope: string, canonicalRequest: string): Maybe<string> {
  const key = signingKey(creds, scope);
  const hash = sha256Hex(canonicalRequest);
  if (!(key instanceof Promise || hash instanceof Promise)) return hmacSha256Hex(key, `${ALGORITHM}\n${datetime}\n${scope}\n${hash}`);
  // WebCrypto: the key is derived (or looked up) while the canonical request is hashed.
  return Promise.all([key, hash]).then(([k, h]) => hmacSha256Hex(k, `${ALGORITHM}\n${datetime}\n${scope}\n${h}`));
}
