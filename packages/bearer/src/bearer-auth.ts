import type { BearerToken } from './bearer-token';

/** The header that carries the token in Alibaba Cloud OpenAPI requests (not `Authorization: Bearer`). */
export const BEARER_TOKEN_HEADER = 'x-acs-bearer-token';
/** The signature type value that tells the gateway the request is authenticated by a bearer token. */
export const BEARER_SIGNATURE_TYPE = 'BEARERTOKEN';

/**
 * OpenAPI style: `rpc` (Action-style APIs, e.g. CCC) or `roa` (RESTful path-style APIs).
 */
export type OpenApiStyle = 'rpc' | 'roa';

/** Headers and query parameters to add to a request; they contain the token, so do not log them. */
export interface BearerAuthParts {
  headers: Record<string, string>;
  query: Record<string, string>;
}

/**
 * The request parts the official OpenAPI SDKs (darabonba-openapi, ACS3 request path) send for a bearer
 * token: header `x-acs-bearer-token: <token>` and, for RPC-style APIs, the query parameter
 * `SignatureType=BEARERTOKEN`; for ROA-style APIs the header `x-acs-signature-type: BEARERTOKEN` instead.
 * A bearer-token request has no `Authorization` header and no AccessKey signature; the other ACS3 headers
 * (`x-acs-action`, `x-acs-version`, `x-acs-date`, …) are still the caller's to set.
 *
 * @example
 * ```ts
 * const { headers, query } = bearerAuth(await provider());
 * const url = new URL(endpoint); // your product's OpenAPI endpoint
 * for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
 * await fetch(url, { headers: { ...headers, 'x-acs-action': 'ListInstances', 'x-acs-version': '2020-07-01' } });
 * ```
 */
export function bearerAuth(token: BearerToken, style: OpenApiStyle = 'rpc'): BearerAuthParts {
  if (style === 'roa') {
    return {
      headers: { [BEARER_TOKEN_HEADER]: token.token, 'x-acs-signature-type': BEARER_SIGNATURE_TYPE },
      query: {},
    };
  }
  return { headers: { [BEARER_TOKEN_HEADER]: token.token }, query: { SignatureType: BEARER_SIGNATURE_TYPE } };
}
