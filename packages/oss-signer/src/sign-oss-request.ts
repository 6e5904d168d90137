import { withCredentials } from './credentials';
import { copyHeaders, checkTarget, queryPairs } from './request';
import { signingTime } from './time';
import type { OssRequest, OssSignOptions, SignedOssRequest } from './types';
import { ALGORITHM, canonicalHeaders, canonicalQuery, canonicalUri, effectiveAdditionalHeaders, scopeOf, signCanonicalRequest } from './v4';
import { chain } from './maybe';

/**
 * Signs an OSS request with Signature V4 (`OSS4-HMAC-SHA256`) in the `Authorization` header.
 *
 * Returns a new headers object: every request header (lower-case names) plus `authorization`, `x-oss-date`,
 * `x-oss-content-sha256` (`UNSIGNED-PAYLOAD` unless the request already carries a payload hash) and, for STS
 * credentials, `x-oss-security-token` (removed when the credentials have no token). The input is not
 * modified. Send the URL as {@link buildOssUrl} writes it (strict RFC 3986 encoding). `Date` is not set:
 * V4 does not sign it and browsers forbid it.
 *
 * @throws CredentialsError `InvalidRequest` / `InvalidConfiguration` for bad input, or the provider's error.
 * @example
 * ```ts
 * const { headers } = await signOssRequest(
 *   { method: 'PUT', bucket: 'examplebucket', key: 'dir/a b.txt', headers: { 'content-type': 'text/plain' } },
 *   { credentials: fromEnv(), region: 'cn-hangzhou' },
 * );
 * await fetch('https://examplebucket.oss-cn-hangzhou.aliyuncs.com/dir/a%20b.txt', { method: 'PUT', headers, body });
 * ```
 */
export function signOssRequest(request: OssRequest, options: OssSignOptions): Promise<SignedOssRequest> {
  try {
    // Validate everything the caller controls before asking the provider, so bad input never costs a fetch.
    const { method, bucket, key } = checkTarget(request, options);
    const { datetime, date } = signingTime(options.signingDate);
    const scope = scopeOf(date, options.region, options.product);
    const headers = copyHeaders(request.headers);
    const uri = canonicalUri(bucket, key);
    const query = canonicalQuery(queryPairs(request.query));
    return withCredentials(options, (c) => {
      // `in` first: a `delete` costs even when there is nothing to delete, and usually there is not.
      if ('authorization' in headers) delete headers.authorization;
      headers['x-oss-date'] = datetime;
      headers['x-oss-content-sha256'] ??= 'UNSIGNED-PAYLOAD';
      if (c.securityToken) headers['x-oss-security-token'] = c.securityToken;
      else if ('x-oss-security-token' in headers) delete headers['x-oss-security-token'];
      const additional = effectiveAdditionalHeaders(options.additionalHeaders, headers);
      const names = additional.join(';');
      const canonicalRequest = `${method}\n${uri}\n${query}\n${canonicalHeaders(headers, additional).block}\n${names}\n${headers['x-oss-content-sha256']}`;
      return chain(signCanonicalRequest(c, datetime, scope, canonicalRequest), (signature) => {
        headers.authorization = `${ALGORITHM} Credential=${c.accessKeyId}/${scope},${names && `AdditionalHeaders=${names},`}Signature=${signature}`;
        return { headers };
      });
    });
  } catch (error) {
    return Promise.reject(error);
  }
}
