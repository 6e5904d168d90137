/**
 * `@alicred/bearer`: bearer tokens (Cloud Call Center) with refresh, and the request parts that carry them.
 * @packageDocumentation
 */
export { fromBearerToken, BEARER_PROVIDER_NAME, BEARER_TOKEN_ENV } from './from-bearer-token';
export type { BearerTokenProvider, BearerTokenResult, BearerTokenFunction, FromBearerTokenInit } from './from-bearer-token';
export { createBearerToken, isBearerToken } from './bearer-token';
export type { BearerToken, BearerTokenInit } from './bearer-token';
export { bearerAuth, BEARER_TOKEN_HEADER, BEARER_SIGNATURE_TYPE } from './bearer-auth';
export type { BearerAuthParts, OpenApiStyle } from './bearer-auth';
