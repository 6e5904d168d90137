import { invalid } from './errors';
import type { OssRequest } from './types';

const METHODS: Record<string, string> = { GET: 'GET', HEAD: 'HEAD', PUT: 'PUT', POST: 'POST', DELETE: 'DELETE', OPTIONS: 'OPTIONS' };
// RFC 9110 token; `__proto__` is refused because it cannot be an own key of a plain object.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\r\n\0]/;

/**
 * The method as it is signed and sent. OSS only uses these six; fetch upper-cases them itself, so
 * `put` signed as `PUT` is what reaches the server.
 */
export function normalizeMethod(method: unknown): string {
  const m = typeof method === 'string' ? (METHODS[method] ?? METHODS[method.toUpperCase()]) : undefined;
  if (m === undefined) throw invalid('request.method must be one of GET, HEAD, PUT, POST, DELETE, OPTIONS');
  return m;
}

/** Checks `request` itself, `bucket` and `key`; returns them ('' key = no key). */
export function normalizeTarget(request: OssRequest): { bucket: string | undefined; key: string | undefined } {
  if (typeof request !== 'object' || request === null) throw invalid('request must be an object');
  const { bucket, key } = request;
  if (bucket !== undefined && (typeof bucket !== 'string' || bucket === '' || bucket.includes('/'))) {
    throw invalid('request.bucket must be a non-empty string without "/"');
  }
  if (key !== undefined && typeof key !== 'string') throw invalid('request.key must be a string');
  if (key && bucket === undefined) throw invalid('request.key needs request.bucket');
  return { bucket, key: key || undefined };
}

/**
 * A fresh copy of the request headers with lower-case names. Names must be HTTP tokens and values strings
 * without CR, LF or NUL (they would corrupt the canonical request, and fetch refuses them anyway); two names
 * differing only in case are ambiguous and refused.
 */
export function copyHeaders(headers: OssRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) throw invalid('request.headers must be a plain object');
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (!TOKEN.test(name) || name === '__proto__') throw invalid(`request.headers has an invalid header name ${JSON.stringify(name)}`);
    if (typeof value !== 'string') throw invalid(`request.headers["${name}"] must be a string, got ${value === null ? 'null' : typeof value}`);
    if (BAD_VALUE.test(value)) throw invalid(`request.headers["${name}"] contains CR, LF or NUL`);
    const lower = name.toLowerCase();
    if (out[lower] !== undefined) throw invalid(`request.headers has "${lower}" twice (names differing only in case)`);
    out[lower] = value;
  }
  return out;
}

/** Query parameters as [name, value] pairs, `undefined` values dropped, `null` → `''` (bare name). */
export function queryPairs(query: OssRequest['query']): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (query === undefined) return pairs;
  if (typeof query !== 'object' || query === null || Array.isArray(query)) throw invalid('request.query must be a plain object');
  for (const name of Object.keys(query)) {
    const value = query[name];
    if (value === undefined) continue;
    if (name === '') throw invalid('request.query has an empty parameter name');
    if (value !== null && typeof value !== 'string') {
      throw invalid(`request.query["${name}"] must be a string, null or undefined, got ${typeof value}`);
    }
    pairs.push([name, value ?? '']);
  }
  return pairs;
}
