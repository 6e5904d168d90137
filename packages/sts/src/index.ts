/**
 * `@alicred/sts`: a small Alibaba Cloud STS client (AssumeRole, AssumeRoleWithOIDC, GetCallerIdentity) and
 * the RPC v1.0 signature it uses.
 * @packageDocumentation
 */
export {
  createStsClient,
  STS_API_VERSION,
  STS_PROVIDER_NAME,
  type AssumeRoleRequest,
  type AssumeRoleResult,
  type AssumeRoleWithOidcRequest,
  type CallerIdentity,
  type SigningCredentials,
  type StsClient,
  type StsClientOptions,
} from './sts-client';
export { computeRpcSignature, rpcStringToSign, type RpcParams, type RpcSignatureInput, type RpcStringToSignInput } from './rpc-signature';
export { percentEncode } from './percent-encode';
export {
  GLOBAL_STS_ENDPOINT,
  resolveStsEndpoint,
  STS_REGION_ENV,
  VPC_ENDPOINT_ENV,
  type StsEndpointOptions,
} from './endpoint';
export { parseStsCredentials, type AssumedRoleUser } from './parse-credentials';
export { isStsError, stsHint, type StsError } from './sts-error';
export {
  defaultRoleSessionName,
  validateDurationSeconds,
  validateOidcProviderArn,
  validateRoleArn,
  validateRoleSessionName,
} from './role-validation';
