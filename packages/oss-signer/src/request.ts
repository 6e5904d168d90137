import { invalid } from './errors';
import type { OssRequest } from './types';

const METHOD = /^(GET|HEAD|PUT|POST|DELETE|OPTIONS)$/;
// RFC 9110 token.
const TOKEN = /^[\w!#$%&'*+.^`|~-]+$/;
const BAD_VALUE = /[\r\n\0]/;

/** The parts of a request every signer checks first: method (upper-cased, as fetch sends it), bucket, key. */
export interface Target {
  readonly method: string;
  readonly bucket: string | undefined;
  /** `undefined` for no key (an empty key is no key). */
  readonly key: string | undefined;
}

/** A bucket name, when given, is a non-empty string without `/` (the URL and the canonical URI rely on it). */
export function checkBucket(bucket: unknown): void {
  if (bucket !== undefined && (typeof bucket !== 'string' || !bucket || bucket.includes('/'))) {
    throw invalid('request.bucket must be a non-empty string without "/"');
  }
}

/**
 * Checks `request` itself, its method (one of the six OSS uses, any case), bucket and key, and that
 * `options` is an object. Runs before anything else, so bad input never costs a credentials fetch.
 */
export function checkTarget(request: OssRequest, options: unknown): Target {
  if (typeof request !== 'object' || request === null) throw invalid('request must be an object');
  const { method, bucket, key } = request;
  const m = typeof method === 'string' ? method.toUpperCase() : '';
  if (!METHOD.test(m)) throw invalid('request.method must be GET, HEAD, PUT, POST, DELETE or OPTIONS');
  checkBucket(bucket);
  if (key !== undefined && (typeof key !== 'string' || (key && bucket === undefined))) {
    throw invalid('request.key must be a string, and needs request.bucket');
  }
  if (typeof options !== 'object' || options === null) throw invalid('options must be an object');
  return { method: m, bucket, key: key || undefined };
}

// Header names already found to be tokens: requests repeat the same few names, and a Set lookup is several
// times cheaper than the regex on the signing hot path. Bounded, since names come from callers.
const tokens = /* @__PURE__ */ new Set<string>();

const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A fresh copy of the request headers with lower-case names. Names must be HTTP tokens and values strings
 * without CR, LF or NUL (they would corrupt the canonical request, and fetch refuses them anyway); two names
 * differing only in case are ambiguous and refused.
 */
export function copyHeaders(headers: OssRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  if (!isObject(headers)) throw invalid('request.headers must be a plain object');
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (!tokens.has(name)) {
      // `__proto__` cannot be an own key of a plain object.
      if (!TOKEN.test(name) || name === '__proto__') throw invalid(`request header name ${JSON.stringify(name)} is not an HTTP token`);
      if (tokens.size >= 256) tokens.clear();
      tokens.add(name);
    }
    if (typeof value !== 'string' || BAD_VALUE.test(value)) throw invalid(`request header "${name}" must be a string without CR, LF or NUL`);
    const lower = name.toLowerCase();
    if (Object.hasOwn(out, lower)) throw invalid(`request header "${lower}" is given twice (in different cases)`);
    out[lower] = value;
  }
  return out;
}

/** Query parameters as [name, value] pairs, `undefined` values dropped, `null` → `''` (bare name). */
export function queryPairs(query: OssRequest['query']): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (query === undefined) return pairs;
  if (!isObject(query)) throw invalid('request.query must be a plain object');
  for (const name of Object.keys(query)) {
    const value = query[name];
    if (value === undefined) continue;
    if (!name || (value !== null && typeof value !== 'string')) {
      throw invalid(`request.query["${name}"] needs a non-empty name and a string or null value`);
    }
    pairs.push([name, value ?? '']);
  }
  return pairs;
}
