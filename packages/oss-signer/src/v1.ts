import { hmacSha1Base64, type Credentials } from './core';
import { invalid } from './errors';
import type { Maybe } from './maybe';

/** Query parameters V1 signs (signing-spec §2); others are sent but not signed. */
// A regex literal, not a Set: bundlers drop an unused literal, but keep a top-level `new Set(…)` call.
const SUB_RESOURCES =
  /^(acl|bucketInfo|location|stat|delete|append|tagging|objectMeta|uploads|uploadId|partNumber|security-token|position|response-(content-type|content-language|expires|cache-control|content-disposition|content-encoding)|restore|callback|callback-var|versions|versioning|versionId|sequential|continuation-token|regionList|cloudboxes|symlink)$/;

/** Checks the `subResources` option: extra query parameter names to sign. */
export function checkSubResources(names: unknown): readonly string[] {
  if (names === undefined) return [];
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
    throw invalid('options.subResources must be an array of query parameter names');
  }
  return names as string[];
}

/** `/bucket/key?sub=resources`: raw key, raw (decoded) values, sorted by name, bare name for ''. */
export function canonicalResource(
  bucket: string | undefined,
  key: string | undefined,
  pairs: ReadonlyArray<readonly [string, string]>,
  extra: readonly string[],
): string {
  const resource = bucket === undefined ? '/' : `/${bucket}/${key ?? ''}`;
  const signed = pairs
    .filter(([name]) => SUB_RESOURCES.test(name) || name.startsWith('x-oss-') || extra.includes(name))
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([n, v]) => (v === '' ? n : `${n}=${v}`));
  return signed.length ? `${resource}?${signed.join('&')}` : resource;
}

/** The `x-oss-*` headers as `name:value\n`, sorted, values trimmed; and the names of all V1-signed headers. */
export function canonicalOssHeaders(headers: Record<string, string>): { block: string; names: string[] } {
  const names = Object.keys(headers).filter((n) => n.startsWith('x-oss-')).sort();
  let block = '';
  for (const name of names) block += `${name}:${headers[name]!.trim()}\n`;
  if (headers['content-type'] !== undefined) names.unshift('content-type');
  if (headers['content-md5'] !== undefined) names.unshift('content-md5');
  return { block, names };
}

/** `VERB\nContent-MD5\nContent-Type\nDate\n<oss headers><resource>`. */
export function stringToSignV1(method: string, headers: Record<string, string>, date: string, ossHeaders: string, resource: string): string {
  return `${method}\n${headers['content-md5'] ?? ''}\n${headers['content-type'] ?? ''}\n${date}\n${ossHeaders}${resource}`;
}

/** base64 HMAC-SHA1 of the string to sign. */
export function signatureV1(creds: Credentials, stringToSign: string): Maybe<string> {
  return hmacSha1Base64(creds.accessKeySecret, stringToSign);
}
