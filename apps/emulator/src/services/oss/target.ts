import type { EmuRequest } from '../../types';
import { decodePath } from './encode';

/** Which bucket and object a request addresses, and how the URL named the bucket. */
export interface OssTarget {
  bucket?: string;
  key?: string;
  style: 'path' | 'virtual-host' | 'service';
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Virtual-host style when the Host header's first label is a bucket name in front of an OSS-looking
 * endpoint (`bucket.oss-cn-hangzhou.aliyuncs.com`, `bucket.cb-123.cn-hangzhou.oss-cloudbox…`) or in front
 * of anything when that label is a known bucket (`bucket.localhost`); path style otherwise. An IP host or
 * a bare `oss-<region>` endpoint always means path style, as in the SDKs.
 */
export function resolveTarget(req: EmuRequest, isKnownBucket: (name: string) => boolean): OssTarget | undefined {
  const host = req.host;
  const isIp = IPV4.test(host) || host.includes(':') || host.startsWith('[');
  const labels = host.split('.');
  let hostBucket: string | undefined;
  if (!isIp && labels.length >= 2) {
    const first = labels[0] ?? '';
    const rest = labels.slice(1).join('.');
    const ossEndpoint = /(^|\.)oss(-|\.|$)|^oss-|^cb-|oss-cloudbox/.test(rest) || rest === 'localhost';
    if (!first.startsWith('oss-') && first !== 'oss' && (ossEndpoint || isKnownBucket(first))) hostBucket = first;
  }
  const rawPath = req.rawPath.split('?')[0] ?? '/';
  if (hostBucket) {
    const key = decodePath(rawPath.slice(1));
    if (key === undefined) return undefined;
    return { bucket: hostBucket, key: key || undefined, style: 'virtual-host' };
  }
  const trimmed = rawPath.slice(1);
  if (trimmed === '') return { style: 'service' };
  const slash = trimmed.indexOf('/');
  const bucket = decodePath(slash < 0 ? trimmed : trimmed.slice(0, slash));
  const key = slash < 0 ? '' : decodePath(trimmed.slice(slash + 1));
  if (bucket === undefined || key === undefined) return undefined;
  return { bucket, key: key || undefined, style: 'path' };
}
