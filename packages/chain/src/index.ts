/**
 * `@alicred/chain`: `chain()`, the default credential chain with `explain()`, `fromConfig()` for the official
 * libraries' `Config`, and adapters for the official TypeScript SDKs and `ali-oss`.
 * @packageDocumentation
 */
export { chain, CHAIN_PROVIDER_NAME } from './chain';
export type { ChainError, ChainLink, ChainProvider, ChainReport, LinkReport } from './chain';
export { defaultChain, DEFAULT_CHAIN_LINKS, DEFAULT_CHAIN_HINTS } from './default-chain';
export type { DefaultChainInit, DefaultChainLinkName } from './default-chain';
export { fromConfig, CONFIG_TYPES } from './from-config';
export type { ConfigProvider, ConfigType, CredentialsConfig } from './from-config';
export { CONFIG_FIELDS, type ConfigField } from './config-fields';
export { toTeaCredential } from './tea-credential';
export type { TeaCredential, TeaCredentialModel } from './tea-credential';
export { toAliOssOptions } from './ali-oss-options';
export type { AliOssCredentialOptions, ToAliOssOptionsInit } from './ali-oss-options';
