/**
 * `@alicred/oidc`: RAM role credentials for an OIDC token (STS AssumeRoleWithOIDC, ACK RRSA).
 * @packageDocumentation
 */
export {
  fromOidcRoleArn,
  OIDC_PROVIDER_ARN_ENV,
  OIDC_PROVIDER_NAME,
  OIDC_TOKEN_FILE_ENV,
  ROLE_ARN_ENV,
  ROLE_SESSION_NAME_ENV,
  type FromOidcRoleArnInit,
  type OidcTokenSource,
} from './from-oidc-role-arn';
