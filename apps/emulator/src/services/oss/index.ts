import { createHash } from 'node:crypto';
import type { EmuRequest, EmuResponse, EmulatorState, OssBucketConfig, Service } from '../../types';
import { authenticateOss } from './auth';
import { ossError, xmlEscape, type OssErrorCode } from './errors';
import { listObjectsXml } from './list';
import { createObjectStore, type StoredObject } from './store';
import { resolveTarget, type OssTarget } from './target';

export { authenticateOss, type OssAuth, type OssAuthScheme } from './auth';
export { resolveTarget, type OssTarget } from './target';

/**
 * The OSS service: path-style (`/bucket/key`) and virtual-host (`Host: bucket.…`) requests against the
 * buckets of the emulator config, objects kept in memory. Every request is authenticated (V4 header,
 * V4 presigned URL, V1 header, V1 presigned URL); buckets are private to their account.
 * It is the router's fallback, so it matches every request the other services left.
 */
export function ossService(): Service {
  const store = createObjectStore();

  function handle(req: EmuRequest, state: EmulatorState): EmuResponse {
    const requestId = state.newRequestId();
    const hostId = req.host;
    const err = (code: OssErrorCode, message?: string, extra?: Array<[string, string]>) =>
      ossError({ code, message, requestId, hostId, method: req.method, extra });
    const findBucket = (name: string) => state.config.oss.buckets.find((b) => b.name === name);
    const target = resolveTarget(req, (name) => findBucket(name) !== undefined);
    if (!target) return err('InvalidArgument', 'The request URI is not valid percent-encoding.');

    const bucket = target.bucket !== undefined ? findBucket(target.bucket) : undefined;
    if (target.bucket !== undefined && !bucket) return err('NoSuchBucket', undefined, [['BucketName', target.bucket]]);

    const auth = authenticateOss(req, state, target, {
      requestId,
      hostId,
      bucketRegion: bucket ? (bucket.region ?? state.config.region) : undefined,
    });
    if (auth.kind === 'error') return auth.response;
    if (auth.kind === 'anonymous') return err('AccessDenied', 'You have no right to access this resource: anonymous access is not allowed.');
    const accountId = auth.record.identity.accountId;

    const ok = (status: number, headers: Record<string, string> = {}, body?: string | Uint8Array): EmuResponse => ({
      status,
      headers: { 'x-oss-request-id': requestId, server: 'AliyunOSS', date: state.now().toUTCString(), ...headers },
      body,
    });

    if (!bucket) {
      if (req.method !== 'GET') return err('MethodNotAllowed');
      const mine = state.config.oss.buckets.filter((b) => b.accountId === accountId);
      return ok(200, { 'content-type': 'application/xml' }, listBucketsXml(mine, accountId, state.config.region));
    }
    if (bucket.accountId !== accountId) {
      return err('AccessDenied', 'You have no right to access this bucket: it belongs to another account.');
    }

    const action = actionOf(req, target);
    const key = target.key;
    switch (action) {
      case 'ListObjectsV2':
      case 'ListObjects': {
        const listed = listObjectsXml(store, { bucket: bucket.name, query: req.query, v2: action === 'ListObjectsV2' });
        if ('error' in listed) return err('InvalidArgument', listed.error);
        return ok(200, { 'content-type': 'application/xml' }, listed.body);
      }
      case 'PutObject': {
        const md5 = req.headers['content-md5'];
        if (md5 !== undefined && createHash('md5').update(req.body).digest('base64') !== md5) return err('InvalidDigest');
        const stored = store.put(bucket.name, key!, {
          body: req.body,
          contentType: req.headers['content-type'] ?? 'application/octet-stream',
          lastModified: state.now(),
          meta: metaOf(req.headers),
          type: 'Normal',
        });
        return ok(200, { etag: stored.etag, 'content-md5': md5Base64(stored.body) });
      }
      case 'AppendObject': {
        const position = Number(req.query.get('position') ?? 'NaN');
        const existing = store.get(bucket.name, key!);
        const length = existing?.body.byteLength ?? 0;
        if (existing && existing.type !== 'Appendable') return err('ObjectNotAppendable');
        if (!Number.isInteger(position) || position !== length) {
          return err('PositionNotEqualToLength', undefined, [['Key', key!]]);
        }
        const body = new Uint8Array(length + req.body.byteLength);
        if (existing) body.set(existing.body, 0);
        body.set(req.body, length);
        const stored = store.put(bucket.name, key!, {
          body,
          contentType: existing?.contentType ?? req.headers['content-type'] ?? 'application/octet-stream',
          lastModified: state.now(),
          meta: existing?.meta ?? metaOf(req.headers),
          type: 'Appendable',
        });
        return ok(200, { etag: stored.etag, 'x-oss-next-append-position': String(body.byteLength) });
      }
      case 'GetObject':
      case 'HeadObject': {
        const obj = store.get(bucket.name, key!);
        if (!obj) return err('NoSuchKey', undefined, [['Key', key!]]);
        const headers = objectHeaders(obj);
        if (action === 'HeadObject') return ok(200, { ...headers, 'content-length': String(obj.body.byteLength) });
        const range = parseRange(req.headers['range'], obj.body.byteLength);
        if (range) {
          return ok(
            206,
            { ...headers, 'content-range': `bytes ${range[0]}-${range[1]}/${obj.body.byteLength}`, 'accept-ranges': 'bytes' },
            obj.body.slice(range[0], range[1] + 1),
          );
        }
        return ok(200, headers, obj.body);
      }
      case 'DeleteObject':
        store.delete(bucket.name, key!);
        return ok(204);
      default:
        return err('NotImplemented', `The emulator does not implement ${action}.`);
    }
  }

  return {
    name: 'oss',
    matches: () => true,
    action: (req) => actionOf(req, resolveTarget(req, () => false)),
    handle,
    reset: () => store.clear(),
  };
}

/** The OSS API name of a request, for the request log, fault rules and dispatch. */
function actionOf(req: EmuRequest, target: OssTarget | undefined): string {
  if (!target) return 'Unknown';
  const q = req.query;
  const m = req.method;
  if (target.style === 'service' || target.bucket === undefined) return m === 'GET' ? 'ListBuckets' : 'Unknown';
  if (target.key === undefined) {
    if (m === 'GET') {
      if (q.get('list-type') === '2') return 'ListObjectsV2';
      const subs = [...q.keys()].filter((k) => !['prefix', 'delimiter', 'marker', 'max-keys', 'encoding-type'].includes(k));
      return subs.length === 0 || subs.every((k) => k.startsWith('x-oss-') || k === 'OSSAccessKeyId' || k === 'Expires' || k === 'Signature')
        ? 'ListObjects'
        : `GetBucket${capitalise(subs[0] ?? '')}`;
    }
    return { PUT: 'PutBucket', DELETE: 'DeleteBucket', HEAD: 'GetBucketInfo', POST: 'PostBucket' }[m] ?? 'Unknown';
  }
  if (q.has('acl')) return m === 'PUT' ? 'PutObjectACL' : 'GetObjectACL';
  if (q.has('tagging')) return m === 'PUT' ? 'PutObjectTagging' : m === 'DELETE' ? 'DeleteObjectTagging' : 'GetObjectTagging';
  if (q.has('uploads') || q.has('uploadId')) return 'MultipartUpload';
  if (m === 'POST') return q.has('append') ? 'AppendObject' : 'PostObject';
  if (m === 'PUT') return req.headers['x-oss-copy-source'] ? 'CopyObject' : 'PutObject';
  return { GET: 'GetObject', HEAD: 'HeadObject', DELETE: 'DeleteObject' }[m] ?? 'Unknown';
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function metaOf(headers: Record<string, string>): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (k.startsWith('x-oss-meta-')) meta[k] = v;
  return meta;
}

function md5Base64(body: Uint8Array): string {
  return createHash('md5').update(body).digest('base64');
}

function objectHeaders(obj: StoredObject): Record<string, string> {
  return {
    'content-type': obj.contentType,
    etag: obj.etag,
    'last-modified': obj.lastModified.toUTCString(),
    'x-oss-object-type': obj.type,
    'x-oss-storage-class': 'Standard',
    'content-md5': md5Base64(obj.body),
    ...obj.meta,
  };
}

/** A single `bytes=a-b`, `bytes=a-` or `bytes=-n` range; OSS ignores invalid ranges and sends it all. */
function parseRange(header: string | undefined, size: number): [number, number] | undefined {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || size === 0) return undefined;
  const [, a, b] = m as unknown as [string, string, string];
  if (a === '' && b === '') return undefined;
  const start = a === '' ? Math.max(0, size - Number(b)) : Number(a);
  const end = a === '' || b === '' ? size - 1 : Math.min(Number(b), size - 1);
  return start <= end && start < size ? [start, end] : undefined;
}

function listBucketsXml(buckets: OssBucketConfig[], accountId: string, defaultRegion: string): string {
  const items = buckets
    .map((b) => {
      const region = b.region ?? defaultRegion;
      return (
        `    <Bucket>\n      <Name>${xmlEscape(b.name)}</Name>\n      <Location>oss-${xmlEscape(region)}</Location>\n` +
        `      <Region>${xmlEscape(region)}</Region>\n      <StorageClass>Standard</StorageClass>\n    </Bucket>\n`
      );
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult>\n' +
    `  <Owner>\n    <ID>${xmlEscape(accountId)}</ID>\n    <DisplayName>${xmlEscape(accountId)}</DisplayName>\n  </Owner>\n` +
    `  <Buckets>\n${items}  </Buckets>\n</ListAllMyBucketsResult>\n`
  );
}
