/**
 * @alicred/emulator: a local Alibaba Cloud emulator (STS, ECS metadata, credentials URI, KMS, OSS) for
 * tests, benchmarks and the demo. Binds 127.0.0.1 only unless told otherwise.
 */
export { startEmulator, type Emulator, type EmulatorOptions, type EmulatorSeed } from './emulator';
export { defaultConfig, loadConfigFile, resolveConfig, validateConfig, EmulatorConfigError, type EmulatorConfigInput } from './config';
export { type FaultRule, type FaultHandle, type Faults } from './faults';
export { type RequestLogEntry } from './server';
export { type MintOidcTokenOptions } from './oidc/keyring';
export { TEST_CA_PEM } from './tls';
export type {
  AccessKeyRecord,
  AccountConfig,
  CallerIdentity,
  EcsConfig,
  EmulatorConfig,
  EmulatorState,
  EmuRequest,
  EmuResponse,
  KmsConfig,
  OidcProviderConfig,
  OssBucketConfig,
  RoleConfig,
  Service,
} from './types';
export { generateClientKey, type GenerateClientKeyOptions, type GeneratedClientKey, type ClientKeyFormat } from './kms-client-key';
