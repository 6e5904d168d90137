import { uriEncode, uriEncodePath } from './encode';
import { invalid } from './errors';
import { queryPairs } from './request';
import type { OssPresignOptions, OssRequest } from './types';

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

type UrlStyle = NonNullable<OssPresignOptions['urlStyle']>;

interface Endpoint {
  readonly protocol: string;
  readonly host: string; // with port
  readonly hostname: string;
  readonly port: string;
  readonly path: string; // no trailing '/'
}

// Presigning repeats the same endpoint; parsing it with URL each time would cost more than the signature.
const parsed = new Map<string, Endpoint>();

/** Parses and checks `endpoint` (cached); call before anything expensive so a bad endpoint fails first. */
export function parseEndpoint(endpoint: unknown): Endpoint {
  const hit = typeof endpoint === 'string' ? parsed.get(endpoint) : undefined;
  if (hit !== undefined) return hit;
  let url: URL;
  try {
    url = new URL(endpoint as string);
  } catch {
    throw invalid('endpoint must be an absolute http(s) URL such as "https://oss-cn-hangzhou.aliyuncs.com"', 'InvalidConfiguration');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) {
    throw invalid('endpoint must be an http(s) URL without credentials, query or fragment', 'InvalidConfiguration');
  }
  const result: Endpoint = {
    protocol: url.protocol,
    host: url.host,
    hostname: url.hostname,
    port: url.port,
    path: url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname,
  };
  if (parsed.size >= 32) parsed.clear();
  parsed.set(endpoint as string, result);
  return result;
}

/** Checks a `urlStyle` option. */
export function checkUrlStyle(style: unknown): UrlStyle | undefined {
  if (style === undefined || style === 'virtual-host' || style === 'path' || style === 'cname') return style;
  throw invalid('urlStyle must be "virtual-host", "path" or "cname"', 'InvalidConfiguration');
}

/** The URL from parts already checked; `encodedQuery` is `?…` or ''. */
export function joinOssUrl(
  endpoint: Endpoint,
  bucket: string | undefined,
  key: string | undefined,
  encodedQuery: string,
  urlStyle: UrlStyle | undefined,
): string {
  const path = key ? uriEncodePath(key) : '';
  let host = endpoint.host;
  let style = urlStyle;
  if (style === undefined && bucket !== undefined) {
    const name = endpoint.hostname;
    if (IPV4.test(name) || name.startsWith('[') || name === 'localhost') style = 'path';
    else if (name.startsWith(`${bucket}.`)) style = 'cname';
    else style = 'virtual-host';
  }
  let prefix = endpoint.path;
  if (bucket !== undefined && style === 'path') prefix += `/${uriEncode(bucket, 'request.bucket')}`;
  else if (bucket !== undefined && style === 'virtual-host') host = `${bucket}.${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}`;
  return `${endpoint.protocol}//${host}${prefix}/${path}${encodedQuery}`;
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
export function buildOssUrl(
  endpoint: string,
  request: Pick<OssRequest, 'bucket' | 'key' | 'query'>,
  urlStyle?: OssPresignOptions['urlStyle'],
): string {
  const base = parseEndpoint(endpoint);
  const style = checkUrlStyle(urlStyle);
  if (request.key && request.bucket === undefined) throw invalid('request.key needs request.bucket');
  let query = '';
  for (const [name, value] of queryPairs(request.query)) {
    query += `${query ? '&' : '?'}${uriEncode(name)}${value === '' ? '' : `=${uriEncode(value)}`}`;
  }
  return joinOssUrl(base, request.bucket, request.key, query, style);
}
