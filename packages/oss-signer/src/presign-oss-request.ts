import { checkUrlStyle, joinOssUrl, parseEndpoint } from './build-oss-url';
import { withCredentials } from './credentials';
import { chain } from './maybe';
import { checkTarget, copyHeaders, queryPairs } from './request';
import { checkExpiresIn, signingTime } from './time';
import type { OssPresignOptions, OssRequest, PresignedOssRequest } from './types';
import { uriEncode } from './encode';
import { ALGORITHM, canonicalHeaders, canonicalUri, effectiveAdditionalHeaders, joinQuery, scopeOf, signCanonicalRequest } from './v4';

/**
 * Presigns an OSS request with Signature V4 (query authentication): a URL anyone can use until it expires.
 *
 * `query` holds every parameter to put on the URL (raw values; `''` = bare name): the request's own, the
 * `x-oss-signature-version`, `x-oss-date`, `x-oss-expires`, `x-oss-credential`, `x-oss-security-token` (STS),
 * `x-oss-additional-headers` (when any) and `x-oss-signature`. `signedHeaders` are the request headers the
 * signature covers (`x-oss-*`, `content-type`, `content-md5`, additional headers): the URL's user must send
 * exactly those. `url` is built when `endpoint` is given. With STS credentials the URL also stops working
 * when the token expires.
 *
 * @throws CredentialsError `InvalidConfiguration` when `expiresIn` is outside 1 … 604800 s, and for other bad input.
 * @example
 * ```ts
 * const { url } = await presignOssRequest(
 *   { method: 'GET', bucket: 'examplebucket', key: 'report.pdf' },
 *   { credentials: fromEnv(), region: 'cn-hangzhou', expiresIn: 600, endpoint: 'https://oss-cn-hangzhou.aliyuncs.com' },
 * );
 * ```
 */
export function presignOssRequest(request: OssRequest, options: OssPresignOptions): Promise<PresignedOssRequest> {
  try {
    const { method, bucket, key } = checkTarget(request, options);
    const { datetime, date } = signingTime(options.signingDate);
    const scope = scopeOf(date, options.region, options.product);
    const expiresIn = checkExpiresIn(options.expiresIn);
    const endpoint = options.endpoint === undefined ? undefined : parseEndpoint(options.endpoint);
    const urlStyle = checkUrlStyle(options.urlStyle);
    const headers = copyHeaders(request.headers);
    const uri = canonicalUri(bucket, key);
    // The caller's parameters first, encoded once; auth parameters left from an earlier signing are dropped.
    const query: Record<string, string> = {};
    const encoded: Array<readonly [string, string]> = [];
    for (const [name, value] of queryPairs(request.query)) {
      if (!/^x-oss-(signature(-version)?|security-token|additional-headers|date|expires|credential)$/.test(name)) {
        query[name] = value;
        encoded.push([uriEncode(name), uriEncode(value)]);
      }
    }
    const additional = effectiveAdditionalHeaders(options.additionalHeaders, headers);
    const { names, block } = canonicalHeaders(headers, additional);
    const signedHeaders: Record<string, string> = {};
    for (const name of names) signedHeaders[name] = headers[name]!;
    return withCredentials(options, (c) => {
      const auth: Array<[string, string]> = [
        ['x-oss-signature-version', ALGORITHM],
        ['x-oss-date', datetime],
        ['x-oss-expires', `${expiresIn}`],
        ['x-oss-credential', `${c.accessKeyId}/${scope}`],
      ];
      if (c.securityToken) auth.push(['x-oss-security-token', c.securityToken]);
      if (additional.length) auth.push(['x-oss-additional-headers', additional.join(';')]);
      for (const [name, value] of auth) {
        query[name] = value;
        encoded.push([name, encodeAuthValue(name, value)]);
      }
      const canonical = joinQuery(encoded);
      const canonicalRequest = `${method}\n${uri}\n${canonical}\n${block}\n${additional.join(';')}\n${headers['x-oss-content-sha256'] ?? 'UNSIGNED-PAYLOAD'}`;
      return chain(signCanonicalRequest(c, datetime, scope, canonicalRequest), (signature): PresignedOssRequest => {
        query['x-oss-signature'] = signature;
        // The canonical query is already the strict encoding of every parameter but the signature.
        const url = endpoint && joinOssUrl(endpoint, bucket, uri, `?${canonical}&x-oss-signature=${signature}`, urlStyle);
        return url ? { url, query, signedHeaders } : { query, signedHeaders };
      });
    });
  } catch (error) {
    return Promise.reject(error);
  }
}

// Encoding the credential (`<id>/<scope>`, every `/` escaped) and an STS token (`+`, `/`, `=`) was a sixth
// of a presign, and both repeat from one presign to the next: the last encoding of each auth parameter is
// kept, compared by value. (It holds the last security token, as the credentials cache does; the signing-key
// cache holds more sensitive material than that.)
const lastEncoded: Record<string, readonly [value: string, encoded: string]> = {};

function encodeAuthValue(name: string, value: string): string {
  const last = lastEncoded[name];
  if (last?.[0] === value) return last[1];
  const encoded = uriEncode(value);
  lastEncoded[name] = [value, encoded];
  return encoded;
}
