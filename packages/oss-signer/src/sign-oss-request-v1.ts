import type { CredentialProvider, Credentials } from './core';
import { withCredentials } from './credentials';
import { chain } from './maybe';
import { checkTarget, copyHeaders, queryPairs } from './request';
import { signingTime } from './time';
import type { OssRequest, SignedOssRequest } from './types';
import { canonicalOssHeaders, canonicalResource, checkSubResources, signatureV1, stringToSignV1 } from './v1';

/** Options of the legacy V1 signers. */
export interface OssSignV1Options {
  /** Credentials, or a provider asked once per signature. */
  credentials: Credentials | CredentialProvider;
  /** Extra query parameter names to sign besides the fixed V1 sub-resource list and `x-oss-*`. */
  subResources?: string[];
  /** The signing instant; default now. */
  signingDate?: Date;
  /** Passed to a credentials provider. */
  signal?: AbortSignal;
}

/**
 * Signs an OSS request with the legacy V1 scheme (`Authorization: OSS <AK>:<base64 HMAC-SHA1>`), for
 * endpoints that do not take V4. Prefer {@link signOssRequest}.
 *
 * Returns every request header (lower-case names) plus `authorization`, `x-oss-date` (RFC 1123; it takes the
 * place of `Date`, which browsers cannot set) and, for STS credentials, `x-oss-security-token`. The input
 * is not modified.
 *
 * @throws CredentialsError `InvalidRequest` / `InvalidConfiguration` for bad input, or the provider's error.
 */
export function signOssRequestV1(request: OssRequest, options: OssSignV1Options): Promise<SignedOssRequest> {
  try {
    const { method, bucket, key } = checkTarget(request, options);
    const headers = copyHeaders(request.headers);
    const pairs = queryPairs(request.query);
    const extra = checkSubResources(options.subResources);
    const time = signingTime(options.signingDate);
    return withCredentials(options, (c) => {
      delete headers.authorization;
      const date = new Date(time.seconds * 1000).toUTCString();
      headers['x-oss-date'] = date;
      if (c.securityToken) headers['x-oss-security-token'] = c.securityToken;
      else delete headers['x-oss-security-token'];
      const stringToSign = stringToSignV1(method, headers, date, canonicalOssHeaders(headers).block, canonicalResource(bucket, key, pairs, extra));
      return chain(signatureV1(c, stringToSign), (signature) => {
        headers.authorization = `OSS ${c.accessKeyId}:${signature}`;
        return { headers };
      });
    });
  } catch (error) {
    return Promise.reject(error);
  }
}
