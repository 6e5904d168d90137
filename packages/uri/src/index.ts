/**
 * `@alicred/uri`: credentials from a credentials URI (an external credential server).
 * @packageDocumentation
 */
export { fromCredentialsUri, URI_PROVIDER_NAME, CREDENTIALS_URI_ENV } from './from-credentials-uri';
export type { FromCredentialsUriInit } from './from-credentials-uri';
export { checkCredentialsUri, isLocalHost } from './check-uri';
