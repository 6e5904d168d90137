import type { Credentials } from './core';
import { resolveCredentials } from './credentials';
import { invalid } from './errors';
import { copyHeaders, normalizeMethod, normalizeTarget, queryPairs } from './request';
import { signingTime } from './time';
import type { OssRequest, OssSignOptions, SignedOssRequest } from './types';
import {
  ALGORITHM,
  UNSIGNED_PAYLOAD,
  canonicalHeaders,
  canonicalQuery,
  canonicalUri,
  effectiveAdditionalHeaders,
  normalizeProduct,
  normalizeRegion,
  scopeOf,
  signCanonicalRequest,
} from './v4';

/**
 * Signs an OSS request with Signature V4 (`OSS4-HMAC-SHA256`) in the `Authorization` header.
 *
 * Returns a new headers object: every request header (lower-case names) plus `authorization`, `x-oss-date`,
 * `x-oss-content-sha256` (`UNSIGNED-PAYLOAD` unless the request already carries a payload hash) and, for STS
 * credentials, `x-oss-security-token` (removed when the credentials have no token). The input is not
 * modified. Send the query exactly as given (strict RFC 3986 encoding, e.g. with {@link uriEncode}). `Date`
 * is not set: V4 does not sign it and browsers forbid it.
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
    const method = normalizeMethod(request?.method);
    const { bucket, key } = normalizeTarget(request);
    if (typeof options !== 'object' || options === null) throw invalid('options is required', 'InvalidConfiguration');
    const region = normalizeRegion(options.region);
    const product = normalizeProduct(options.product);
    const headers = copyHeaders(request.headers);
    const uri = canonicalUri(bucket, key);
    const query = canonicalQuery(queryPairs(request.query));
    const time = signingTime(options.signingDate);
    const creds = resolveCredentials(options.credentials, options.signal);
    const finish = (c: Credentials): SignedOssRequest | Promise<SignedOssRequest> => {
      delete headers.authorization;
      headers['x-oss-date'] = time.datetime;
      if (headers['x-oss-content-sha256'] === undefined) headers['x-oss-content-sha256'] = UNSIGNED_PAYLOAD;
      if (c.securityToken) headers['x-oss-security-token'] = c.securityToken;
      else delete headers['x-oss-security-token'];
      const additional = effectiveAdditionalHeaders(options.additionalHeaders, headers);
      const additionalLine = additional.join(';');
      const canonicalRequest =
        `${method}\n${uri}\n${query}\n${canonicalHeaders(headers, additional).block}\n` +
        `${additionalLine}\n${headers['x-oss-content-sha256']}`;
      const scope = scopeOf(time.date, region, product);
      const prefix = `${ALGORITHM} Credential=${c.accessKeyId}/${scope},${additional.length ? `AdditionalHeaders=${additionalLine},` : ''}Signature=`;
      const signature = signCanonicalRequest(c, time.datetime, time.date, region, product, scope, canonicalRequest);
      if (typeof signature === 'string') {
        headers.authorization = prefix + signature;
        return { headers };
      }
      return signature.then((s) => {
        headers.authorization = prefix + s;
        return { headers };
      });
    };
    return typeof (creds as Promise<Credentials>).then === 'function'
      ? (creds as Promise<Credentials>).then(finish)
      : Promise.resolve(finish(creds as Credentials));
  } catch (error) {
    return Promise.reject(error);
  }
}
