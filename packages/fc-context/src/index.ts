/**
 * `@alicred/fc-context`: credentials of a Function Compute invocation.
 * @packageDocumentation
 */
export { fromFcContext, FC_PROVIDER_NAME, FC_CREDENTIAL_HEADERS, FC_CREDENTIAL_ENV } from './from-fc-context';
export type {
  FcContextCredentials,
  FcContextLike,
  FcHeadersLike,
  FcRequestLike,
  FcInvocation,
  FromFcContextInit,
} from './from-fc-context';
