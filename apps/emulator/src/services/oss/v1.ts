import { createHmac } from 'node:crypto';
import { byteCompare } from './encode';

/**
 * Legacy OSS V1 (HMAC-SHA1) as the server recomputes it (signing-spec §2).
 */

/**
 * Query parameters that are signed sub-resources. The spec's fixed list, plus the bucket-level
 * sub-resources the real service knows (a client may only "declare" a sub-resource the server also
 * signs, e.g. `resourceGroup`).
 */
export const V1_SUB_RESOURCES = new Set([
  'acl', 'bucketInfo', 'location', 'stat', 'delete', 'append', 'tagging', 'objectMeta', 'uploads', 'uploadId',
  'partNumber', 'security-token', 'position', 'response-content-type', 'response-content-language',
  'response-expires', 'response-cache-control', 'response-content-disposition', 'response-content-encoding',
  'restore', 'callback', 'callback-var', 'versions', 'versioning', 'versionId', 'sequential',
  'continuation-token', 'regionList', 'cloudboxes', 'symlink',
  // bucket-level sub-resources beyond the SDKs' fixed list
  'resourceGroup', 'lifecycle', 'referer', 'cors', 'logging', 'website', 'policy', 'encryption', 'inventory',
  'worm', 'wormId', 'replication', 'qos', 'requestPayment', 'transferAcceleration', 'style', 'styleName',
  'img', 'live', 'comp', 'status', 'vod', 'startTime', 'endTime',
]);

/** True when a query parameter takes part in the V1 canonicalized resource. */
export function isV1SubResource(name: string): boolean {
  return V1_SUB_RESOURCES.has(name) || name.startsWith('x-oss-');
}

export interface V1Input {
  method: string;
  headers: Record<string, string>;
  /** Header mode: `x-oss-date` or `Date`; presign: the `Expires` unix timestamp. */
  dateSlot: string;
  bucket?: string;
  key?: string;
  /** Decoded query pairs; only sub-resources are kept. */
  query: ReadonlyArray<readonly [string, string]>;
}

/** `VERB\nContent-MD5\nContent-Type\nDate\n` + OSS headers + canonicalized resource. */
export function v1StringToSign(input: V1Input): string {
  const h = input.headers;
  const ossHeaders = Object.keys(h)
    .map((k) => k.toLowerCase())
    .filter((k) => k.startsWith('x-oss-'))
    .sort(byteCompare)
    .map((k) => `${k}:${(h[k] ?? '').trim()}\n`)
    .join('');
  let resource = '/';
  if (input.bucket) resource += `${input.bucket}/`;
  if (input.key) resource += input.key;
  const subs = input.query
    .filter(([k]) => isV1SubResource(k))
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .sort(byteCompare);
  if (subs.length > 0) resource += `?${subs.join('&')}`;
  return [input.method, h['content-md5'] ?? '', h['content-type'] ?? '', input.dateSlot, ''].join('\n') + ossHeaders + resource;
}

/** base64 HMAC-SHA1 of the string to sign with the plain AccessKey secret. */
export function v1Signature(secret: string, stringToSign: string): string {
  return createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
}
