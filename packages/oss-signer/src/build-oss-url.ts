import { uriEncode } from './encode';
import { invalid } from './errors';
import { checkBucket, queryPairs } from './request';
import type { OssPresignOptions, OssRequest } from './types';
import { canonicalUri } from './v4';

type UrlStyle = NonNullable<OssPresignOptions['urlStyle']>;

/** A checked endpoint: `https:`, `host[:port]`, `hostname`, path without a trailing `/`. */
interface Endpoint {
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly path: string;
}

// Presigning repeats the same endpoint; parsing it with URL each time would cost a good part of a signature.
let lastInput: unknown;
let lastEndpoint: Endpoint | undefined;

/** Parses and checks `endpoint` (the last one is remembered); call before anything expensive so a bad endpoint fails first. */
export function parseEndpoint(endpoint: unknown): Endpoint {
  if (endpoint === lastInput && lastEndpoint) return lastEndpoint;
  let url: URL | undefined;
  try {
    url = new URL(endpoint as string);
  } catch {}
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
    throw invalid('options.endpoint must be an http(s) URL such as "https://oss-cn-hangzhou.aliyuncs.com", without user, query or fragment');
  }
  lastInput = endpoint;
  lastEndpoint = { protocol: url.protocol, host: url.host, hostname: url.hostname, path: url.pathname.replace(/\/$/, '') };
  return lastEndpoint;
}

/** Checks a `urlStyle` option. */
export function checkUrlStyle(style: unknown): UrlStyle | undefined {
  if (style === undefined || style === 'virtual-host' || style === 'path' || style === 'cname') return style;
  throw invalid('options.urlStyle must be "virtual-host", "path" or "cname"');
}

/**
 * The URL from parts already checked; `uri` is the canonical URI (`/bucket/key`, already encoded, see
 * `canonicalUri`) and `encodedQuery` is `?…` or ''. Default style: `path` for an IP or `localhost`, `cname`
 * when the host already starts with `<bucket>.`, `virtual-host` otherwise.
 */
export function joinOssUrl(endpoint: Endpoint, bucket: string | undefined, uri: string, encodedQuery: string, urlStyle: UrlStyle | undefined): string {
  let { host } = endpoint;
  const name = endpoint.hostname;
  if (bucket !== undefined) {
    const style = urlStyle ?? (/^[\d.]+$|^\[|^localhost$/.test(name) ? 'path' : name.startsWith(`${bucket}.`) ? 'cname' : 'virtual-host');
    if (style === 'virtual-host') host = `${bucket}.${host}`;
    // Only the path style keeps `/bucket` in the path; the encoded bucket has no `/`, so the key starts at
    // the next one.
    if (style !== 'path') uri = uri.slice(uri.indexOf('/', 1));
  }
  return `${endpoint.protocol}//${host}${endpoint.path}${uri}${encodedQuery}`;
}

/**
 * The URL of an OSS request, encoded exactly as the signers sign it (strict RFC 3986, `/` kept in the key,
 * bare names for empty query values). Use it with {@link signOssRequest}, whose signature covers the key
 * and query as this function writes them.
 *
 * Bucket placement (`urlStyle`): by default `path` for an IP or `localhost` endpoint, the endpoint unchanged
 * when its host already starts with `<bucket>.`, else `virtual-host` (`<bucket>.<endpoint host>`); `cname`
 * means the endpoint already names the bucket, so the path is just the key.
 *
 * @example
 * ```ts
 * buildOssUrl('https://oss-cn-hangzhou.aliyuncs.com', { bucket: 'b', key: 'a b.txt', query: { acl: '' } });
 * // → 'https://b.oss-cn-hangzhou.aliyuncs.com/a%20b.txt?acl'
 * ```
 */
export function buildOssUrl(endpoint: string, request: Pick<OssRequest, 'bucket' | 'key' | 'query'>, urlStyle?: OssPresignOptions['urlStyle']): string {
  const base = parseEndpoint(endpoint);
  const style = checkUrlStyle(urlStyle);
  if (request.key && request.bucket === undefined) throw invalid('request.key needs request.bucket');
  const { bucket } = request;
  checkBucket(bucket);
  return joinOssUrl(base, bucket, canonicalUri(bucket, request.key), encodeQuery(queryPairs(request.query)), style);
}

/** `?a=1&acl` from pairs, in the given order (`''` = bare name); '' for none. */
export function encodeQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.reduce((out, [name, value]) => `${out}${out ? '&' : '?'}${uriEncode(name)}${value && `=${uriEncode(value)}`}`, '');
}
