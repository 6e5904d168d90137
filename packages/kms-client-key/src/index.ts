/**
 * `@alicred/kms-client-key`: credentials from a KMS-managed, automatically rotated RAM AccessKey, read with
 * an Application Access Point ClientKey.
 * @packageDocumentation
 */
export { fromKmsClientKey, type KmsClientKeyInit, type KmsClientKeyProvider } from './from-kms-client-key';
export type { KmsClientKeySource } from './config';
export { readClientKey, type ReadClientKeyInit } from './read-client-key';
export type { ClientKeyJson, ConvertedClientKey } from './client-key';
export { INVALID_ACCESS_KEY_CODES, isInvalidAccessKeyCode, reportInvalidAccessKey } from './report-invalid';
export { KmsClientKeyErrorCode, PROVIDER_NAME } from './errors';
export { kmsEndpoint } from './endpoint';
export { canonicalQuery, getSecretValueParams, percentEncode, rpcStringToSign, signedQuery, type GetSecretValueParams } from './sign-request';
