// Public API of @alicred/core. Explicit names only, so the contract is visible in one place.
export type { CredentialProvider, ProviderOptions } from './types';
export { createCredentials, type Credentials, type CredentialsInit } from './credentials';
export {
  CredentialsError,
  ErrorCode,
  isCredentialsError,
  type CredentialsErrorCode,
  type CredentialsErrorOptions,
} from './errors';
export { REDACTED, redact } from './redact';
export { fromStatic, STATIC_PROVIDER_NAME } from './from-static';
export {
  defaultRefreshWindowMs,
  refreshing,
  type CredentialsFetcher,
  type RefreshingOptions,
} from './refreshing';
export { describeUrl, httpRequest, type HttpRequestInit, type HttpResponse } from './http';
export { assertHttpOk, parseJsonBody } from './http-response';
export { USER_AGENT, VERSION } from './user-agent';
export { detectRuntime, type Runtime } from './runtime';
export { getEnv, readBoolEnv, readEnv, type EnvLike } from './env';
export { consoleLogger, isDebugEnabled, resolveLogger, setDebug, silentLogger, type Logger } from './logger';
export { parseExpiration } from './expiration';
export { abortedError, raceSignal, throwIfAborted } from './abort';
export { fromBase64, toBase64, toBytes, toHex, utf8Decode, utf8Encode, type BinaryLike } from './encoding';
export { hmacSha1, hmacSha256, rsaSha256Sign, sha256, syncCrypto } from './crypto-node';
export type { SyncCrypto } from './crypto-types';
