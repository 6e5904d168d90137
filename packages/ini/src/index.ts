/**
 * `@alicred/ini`: Alibaba Cloud credentials from the credentials INI file (`~/.alibabacloud/credentials`)
 * and the aliyun CLI configuration (`~/.aliyun/config.json`). Node only; the edge build exports the same
 * names and fails with `Unsupported` (`tryNextLink: true`).
 * @packageDocumentation
 */
export { fromIni, iniFilePaths, iniProfileName, CREDENTIALS_FILE_ENV, PROFILE_ENV } from './from-ini';
export type { FromIniInit } from './from-ini';
export { fromIniBearerToken } from './from-ini-bearer-token';
export type { FromIniBearerTokenInit, IniBearerToken, IniBearerTokenProvider } from './from-ini-bearer-token';
export { fromCliProfile, cliConfigPath, CONFIG_FILE_ENV, CLI_PROFILE_DISABLED_ENV } from './from-cli-profile';
export type { FromCliProfileInit } from './from-cli-profile';
export { INI_PROFILE_TYPES } from './ini-profile';
export type { IniProfileType } from './ini-profile';
export { CLI_PROFILE_MODES } from './cli-profile';
export type { CliProfileMode } from './cli-profile';
export { EXTERNAL_PROCESS_TIMEOUT_MS } from './external';
export { OAUTH_SITES } from './oauth';
export { INI_PROVIDER_NAME, CLI_PROFILE_PROVIDER_NAME } from './errors';
export type { ProfileErrorCode } from './errors';
export { parseIni, IniSyntaxError, UNSAFE_PROFILE_NAMES } from './parse-ini';
export type { IniDocument, IniSection } from './parse-ini';
export { splitCommand } from './split-command';
export type {
  ProfileProviders,
  RamRoleArnInit,
  OidcRoleArnInit,
  EcsMetadataInit,
  CredentialsUriInit,
  StsEndpointInit,
  DelegatedInit,
} from './peers';
export type { ReadFile } from './read-file';
export type { UpdateCliProfileOptions } from './config-store-node';
