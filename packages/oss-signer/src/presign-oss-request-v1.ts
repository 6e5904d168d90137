import { checkUrlStyle, encodeQuery, joinOssUrl, parseEndpoint } from './build-oss-url';
import { withCredentials } from './credentials';
import { chain } from './maybe';
import { checkTarget, copyHeaders, queryPairs } from './request';
import type { OssSignV1Options } from './sign-oss-request-v1';
import { checkExpiresIn, signingTime } from './time';
import type { OssPresignOptions, OssRequest, PresignedOssRequest } from './types';
import { canonicalOssHeaders, canonicalResource, checkSubResources, signatureV1, stringToSignV1 } from './v1';
import { canonicalUri } from './v4';

/** Options of {@link presignOssRequestV1}. */
export interface OssPresignV1Options extends OssSignV1Options {
  /** Lifetime in whole seconds, 1 … 604800 (the V4 limits, kept for V1 too); default 900. */
  expiresIn?: number;
  /** Base URL to build `url` from (see {@link presignOssRequest}). */
  endpoint?: string;
  /** Bucket placement in `url` (see {@link buildOssUrl}). */
  urlStyle?: OssPresignOptions['urlStyle'];
}

/**
 * Presigns an OSS request with the legacy V1 scheme: `OSSAccessKeyId`, `Expires` (a Unix time), `Signature`
 * and, for STS, `security-token` in the query. Prefer {@link presignOssRequest}.
 *
 * @throws CredentialsError `InvalidConfiguration` when `expiresIn` is outside 1 … 604800 s, and for other bad input.
 */
export function presignOssRequestV1(request: OssRequest, options: OssPresignV1Options): Promise<PresignedOssRequest> {
  try {
    const { method, bucket, key } = checkTarget(request, options);
    const expiresIn = checkExpiresIn(options.expiresIn);
    const endpoint = options.endpoint === undefined ? undefined : parseEndpoint(options.endpoint);
    const urlStyle = checkUrlStyle(options.urlStyle);
    const headers = copyHeaders(request.headers);
    const extra = checkSubResources(options.subResources);
    const expires = String(signingTime(options.signingDate).seconds + expiresIn);
    const query: Record<string, string> = {};
    for (const [name, value] of queryPairs(request.query)) {
      if (name !== 'OSSAccessKeyId' && name !== 'Expires' && name !== 'Signature' && name !== 'security-token') query[name] = value;
    }
    const { block, names } = canonicalOssHeaders(headers);
    const signedHeaders: Record<string, string> = {};
    for (const name of names) signedHeaders[name] = headers[name]!;
    return withCredentials(options, (c) => {
      if (c.securityToken) query['security-token'] = c.securityToken;
      const resource = canonicalResource(bucket, key, Object.entries(query), extra);
      return chain(signatureV1(c, stringToSignV1(method, headers, expires, block, resource)), (signature): PresignedOssRequest => {
        query.OSSAccessKeyId = c.accessKeyId;
        query.Expires = expires;
        query.Signature = signature;
        const result: PresignedOssRequest = { query, signedHeaders };
        if (endpoint !== undefined) result.url = joinOssUrl(endpoint, bucket, canonicalUri(bucket, key), encodeQuery(Object.entries(query)), urlStyle);
        return result;
      });
    });
  } catch (error) {
    return Promise.reject(error);
  }
}
