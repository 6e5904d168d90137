import type { Credentials } from './core';
import { checkUrlStyle, joinOssUrl, parseEndpoint } from './build-oss-url';
import { resolveCredentials } from './credentials';
import { invalid } from './errors';
import { copyHeaders, normalizeMethod, normalizeTarget, queryPairs } from './request';
import { checkExpiresIn, signingTime } from './time';
import type { OssPresignOptions, OssRequest, PresignedOssRequest } from './types';
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
    const method = normalizeMethod(request?.method);
    const { bucket, key } = normalizeTarget(request);
    if (typeof options !== 'object' || options === null) throw invalid('options is required', 'InvalidConfiguration');
    const region = normalizeRegion(options.region);
    const product = normalizeProduct(options.product);
    const expiresIn = checkExpiresIn(options.expiresIn);
    const endpoint = options.endpoint === undefined ? undefined : parseEndpoint(options.endpoint);
    const urlStyle = checkUrlStyle(options.urlStyle);
    const headers = copyHeaders(request.headers);
    const uri = canonicalUri(bucket, key);
    const time = signingTime(options.signingDate);
    const scope = scopeOf(time.date, region, product);
    // The caller's parameters first; auth parameters the caller may have left from an earlier signing are replaced.
    const query: Record<string, string> = {};
    for (const [name, value] of queryPairs(request.query)) {
      if (name !== 'x-oss-signature' && name !== 'x-oss-security-token' && name !== 'x-oss-additional-headers') query[name] = value;
    }
    const additional = effectiveAdditionalHeaders(options.additionalHeaders, headers);
    const { names, block } = canonicalHeaders(headers, additional);
    const signedHeaders: Record<string, string> = {};
    for (const name of names) signedHeaders[name] = headers[name]!;
    const payloadHash = headers['x-oss-content-sha256'] ?? UNSIGNED_PAYLOAD;
    const creds = resolveCredentials(options.credentials, options.signal);
    const finish = (c: Credentials): PresignedOssRequest | Promise<PresignedOssRequest> => {
      query['x-oss-signature-version'] = ALGORITHM;
      query['x-oss-date'] = time.datetime;
      query['x-oss-expires'] = String(expiresIn);
      query['x-oss-credential'] = `${c.accessKeyId}/${scope}`;
      if (c.securityToken) query['x-oss-security-token'] = c.securityToken;
      if (additional.length) query['x-oss-additional-headers'] = additional.join(';');
      const canonical = canonicalQuery(Object.entries(query));
      const canonicalRequest = `${method}\n${uri}\n${canonical}\n${block}\n${additional.join(';')}\n${payloadHash}`;
      const done = (signature: string): PresignedOssRequest => {
        query['x-oss-signature'] = signature;
        const result: PresignedOssRequest = { query, signedHeaders };
        // The canonical query is already the strict encoding of every parameter but the signature.
        if (endpoint !== undefined) result.url = joinOssUrl(endpoint, bucket, key, `?${canonical}&x-oss-signature=${signature}`, urlStyle);
        return result;
      };
      const signature = signCanonicalRequest(c, time.datetime, time.date, region, product, scope, canonicalRequest);
      return typeof signature === 'string' ? done(signature) : signature.then(done);
    };
    return typeof (creds as Promise<Credentials>).then === 'function'
      ? (creds as Promise<Credentials>).then(finish)
      : Promise.resolve(finish(creds as Credentials));
  } catch (error) {
    return Promise.reject(error);
  }
}
