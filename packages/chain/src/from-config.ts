import { fromStatic, readEnv, type CredentialProvider, type EnvLike, type Logger } from '@alicred/core';
import { BEARER_TOKEN_ENV, fromBearerToken, type BearerTokenProvider } from '@alicred/bearer';
import { fromEcsMetadata } from '@alicred/ecs-imds';
import { fromFcContext, type FcInvocation } from '@alicred/fc-context';
import { fromOidcRoleArn } from '@alicred/oidc';
import { fromRamRoleArn } from '@alicred/ram-role';
import { fromCredentialsUri } from '@alicred/uri';
import { ConfigReader, configError, fieldNames, type ConfigField } from './config-fields';
import type { KmsClientKeyProvider } from '@alicred/kms-client-key';
import { kmsClientKeySource } from './kms-node';

/** The `type` values of {@link fromConfig}: the official ones (minus the deprecated `rsa_key_pair`) and alicred's two. */
export const CONFIG_TYPES = Object.freeze([
  'access_key',
  'sts',
  'ram_role_arn',
  'oidc_role_arn',
  'ecs_ram_role',
  'credentials_uri',
  'bearer',
  'kms_client_key',
  'fc_context',
] as const);

/** One of {@link CONFIG_TYPES}. */
export type ConfigType = (typeof CONFIG_TYPES)[number];

/**
 * The `Config` of `@alicloud/credentials` (camelCase) and of Python's `alibabacloud_credentials`
 * (snake_case), as a plain object: either spelling of every field is accepted (not both with different values).
 * Unknown fields are refused (a typo must not silently mean "use the environment").
 */
export interface CredentialsConfig {
  /** Which credential: one of {@link CONFIG_TYPES}. */
  type: ConfigType | (string & {});
  accessKeyId?: string;
  access_key_id?: string;
  accessKeySecret?: string;
  access_key_secret?: string;
  securityToken?: string;
  security_token?: string;
  bearerToken?: string;
  bearer_token?: string;
  roleArn?: string;
  role_arn?: string;
  roleSessionName?: string;
  role_session_name?: string;
  /** Session lifetime in seconds (default 3600). */
  roleSessionExpiration?: number;
  role_session_expiration?: number;
  /** Deprecated spelling of `roleSessionExpiration`, still honoured. */
  durationSeconds?: number;
  duration_seconds?: number;
  policy?: string;
  externalId?: string;
  external_id?: string;
  stsEndpoint?: string;
  sts_endpoint?: string;
  STSEndpoint?: string;
  stsRegionId?: string;
  sts_region_id?: string;
  enableVpc?: boolean;
  enable_vpc?: boolean;
  oidcProviderArn?: string;
  oidc_provider_arn?: string;
  oidcTokenFilePath?: string;
  oidc_token_file_path?: string;
  roleName?: string;
  role_name?: string;
  disableIMDSv1?: boolean;
  disable_imds_v1?: boolean;
  credentialsURI?: string;
  credentialsUri?: string;
  credentials_uri?: string;
  /** Request timeout in ms (the official read timeout). */
  timeout?: number;
  readTimeout?: number;
  read_timeout?: number;
  /** Connect timeout in ms (Node only). */
  connectTimeout?: number;
  connect_timeout?: number;
  /** Not supported: pass a `fetch` with a proxy instead (an error says so, rather than ignoring it). */
  proxy?: string;
  /** Accepted and ignored, as in the official libraries (IMDSv2 is always tried first). */
  enableIMDSv2?: boolean;
  enable_imds_v2?: boolean;
  metadataTokenDuration?: number;
  metadata_token_duration?: number;
  /** Accepted and ignored: alicred refreshes before expiry on use, without a timer. */
  asyncCredentialUpdateEnabled?: boolean;
  async_credential_update_enabled?: boolean;
  /** `kms_client_key`: the ClientKey JSON file (`clientKey_KAAP.….json`). */
  clientKeyFile?: string;
  client_key_file?: string;
  client_key_private_key_path?: string;
  /** `kms_client_key`: the ClientKey password (prefer the file or the variable). */
  clientKeyPassword?: string;
  client_key_password?: string;
  /** `kms_client_key`: the file holding the ClientKey password (`clientKey_KAAP.…_Password.txt`). */
  clientKeyPasswordFile?: string;
  client_key_password_file?: string;
  client_key_password_from_file_path?: string;
  /** `kms_client_key`: the name of the variable holding the ClientKey password. */
  clientKeyPasswordEnvVar?: string;
  client_key_password_from_env_variable?: string;
  /** `kms_client_key`: the region of the KMS shared gateway, e.g. `cn-hangzhou`. */
  kmsRegionId?: string;
  regionId?: string;
  region_id?: string;
  cache_client_region_id?: string;
  /** `kms_client_key`: an explicit KMS gateway (host or URL), instead of the region's. */
  kmsEndpoint?: string;
  kms_endpoint?: string;
  /** `kms_client_key`: the name (or ARN) of the `RAMCredentials` secret. */
  secretName?: string;
  secret_name?: string;
  secret_names?: string;
  /** `fc_context`: the handler `context`, a custom-runtime request or its headers, or a function returning one. */
  context?: FcInvocation | (() => FcInvocation);
  /** `ram_role_arn`: the credentials that call AssumeRole, instead of an AccessKey (role chaining). */
  source?: CredentialProvider;
  /** Where the environment fallbacks are read (Workers bindings, tests). Default: `process.env`. */
  env?: EnvLike;
  /** Passed to the source (refresh failures, warnings). */
  logger?: Logger;
  /** A `fetch` for the source's requests (a proxy, tests). */
  fetch?: typeof fetch;
}

/** A provider made by {@link fromConfig}: credentials, or bearer tokens for `type: 'bearer'`. */
export type ConfigProvider = CredentialProvider | BearerTokenProvider;

const ENV = {
  accessKeyId: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
  accessKeySecret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  securityToken: 'ALIBABA_CLOUD_SECURITY_TOKEN',
  roleArn: 'ALIBABA_CLOUD_ROLE_ARN',
  oidcProviderArn: 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN',
  oidcTokenFilePath: 'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
  credentialsURI: 'ALIBABA_CLOUD_CREDENTIALS_URI',
  bearerToken: BEARER_TOKEN_ENV,
} as const;

interface Context {
  reader: ConfigReader;
  config: CredentialsConfig;
  env: EnvLike | undefined;
}

/** A field, else its documented environment variable; both absent → an error naming both. */
function required(ctx: Context, field: keyof typeof ENV & ConfigField, type: string): string {
  const value = ctx.reader.string(field) ?? readEnv(ENV[field], ctx.env);
  if (value === undefined) throw configError(`type ${type} needs ${fieldNames(field)}, or ${ENV[field]} in the environment.`);
  return value;
}

function common(ctx: Context): { env?: EnvLike; logger?: Logger; fetch?: typeof fetch } {
  return {
    ...(ctx.env ? { env: ctx.env } : {}),
    ...(ctx.config.logger ? { logger: ctx.config.logger } : {}),
    ...(ctx.config.fetch ? { fetch: ctx.config.fetch } : {}),
  };
}

function timeouts(ctx: Context): { timeoutMs?: number; connectTimeoutMs?: number } {
  const timeoutMs = ctx.reader.integer('timeout');
  const connectTimeoutMs = ctx.reader.integer('connectTimeout');
  return { ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}) };
}

/** STS endpoint, region, VPC; role session fields shared by `ram_role_arn` and `oidc_role_arn`. */
function roleOptions(ctx: Context) {
  const r = ctx.reader;
  const endpoint = r.string('stsEndpoint');
  const region = r.string('stsRegionId');
  const vpc = r.boolean('enableVpc');
  const roleSessionName = r.string('roleSessionName');
  const durationSeconds = r.integer('roleSessionExpiration') ?? r.integer('durationSeconds');
  const policy = r.string('policy');
  return {
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(vpc !== undefined ? { vpc } : {}),
    ...(roleSessionName !== undefined ? { roleSessionName } : {}),
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(policy !== undefined ? { policy } : {}),
    ...timeouts(ctx),
    ...common(ctx),
  };
}

/** The AccessKey (and token, when given) of the config, else of the environment. */
function staticSource(ctx: Context, type: string, tokenRequired: boolean): CredentialProvider {
  const accessKeyId = required(ctx, 'accessKeyId', type);
  const accessKeySecret = required(ctx, 'accessKeySecret', type);
  const securityToken = tokenRequired ? required(ctx, 'securityToken', type) : (ctx.reader.string('securityToken') ?? readEnv(ENV.securityToken, ctx.env));
  return fromStatic({ accessKeyId, accessKeySecret, ...(securityToken !== undefined ? { securityToken } : {}) });
}

const BUILDERS: Record<ConfigType, (ctx: Context) => ConfigProvider> = {
  access_key: (ctx) => {
    const accessKeyId = required(ctx, 'accessKeyId', 'access_key');
    const accessKeySecret = required(ctx, 'accessKeySecret', 'access_key');
    return fromStatic({ accessKeyId, accessKeySecret });
  },
  sts: (ctx) => staticSource(ctx, 'sts', true),
  ram_role_arn: (ctx) => {
    const source = ctx.config.source ?? staticSource(ctx, 'ram_role_arn', false);
    if (typeof source !== 'function') throw configError('source must be a credential provider (a function).');
    const roleArn = required(ctx, 'roleArn', 'ram_role_arn');
    const externalId = ctx.reader.string('externalId');
    return fromRamRoleArn({ source, roleArn, ...(externalId !== undefined ? { externalId } : {}), ...roleOptions(ctx) });
  },
  oidc_role_arn: (ctx) => {
    const roleArn = required(ctx, 'roleArn', 'oidc_role_arn');
    const oidcProviderArn = required(ctx, 'oidcProviderArn', 'oidc_role_arn');
    const oidcTokenFile = required(ctx, 'oidcTokenFilePath', 'oidc_role_arn');
    return fromOidcRoleArn({ roleArn, oidcProviderArn, oidcTokenFile, ...roleOptions(ctx) });
  },
  ecs_ram_role: (ctx) => {
    const roleName = ctx.reader.string('roleName');
    const disableImdsV1 = ctx.reader.boolean('disableIMDSv1');
    const timeoutMs = ctx.reader.integer('timeout');
    return fromEcsMetadata({
      ...(roleName !== undefined ? { roleName } : {}),
      ...(disableImdsV1 !== undefined ? { disableImdsV1 } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...common(ctx),
    });
  },
  credentials_uri: (ctx) => fromCredentialsUri({ uri: required(ctx, 'credentialsURI', 'credentials_uri'), ...timeouts(ctx), ...common(ctx) }),
  bearer: (ctx) => fromBearerToken({ token: required(ctx, 'bearerToken', 'bearer'), ...(ctx.env ? { env: ctx.env } : {}) }),
  kms_client_key: (ctx) => kmsClientKeySource(ctx.reader, common(ctx)),
  fc_context: (ctx) => fromFcContext(ctx.reader.raw('context') as FcInvocation, ctx.env ? { env: ctx.env } : {}),
};

/** The `bearer` type gives bearer tokens. */
export function fromConfig(config: CredentialsConfig & { type: 'bearer' }): BearerTokenProvider;
/** `kms_client_key` gives AccessKey credentials and `reportInvalid` (see `@alicred/kms-client-key`). */
export function fromConfig(config: CredentialsConfig & { type: 'kms_client_key' }): CredentialProvider & Pick<KmsClientKeyProvider, 'reportInvalid'>;
/** Every other type gives AccessKey credentials. */
export function fromConfig(config: CredentialsConfig & { type: Exclude<ConfigType, 'bearer'> }): CredentialProvider;
/** A type known only at run time: credentials or bearer tokens. */
export function fromConfig(config: CredentialsConfig): ConfigProvider;
/**
 * A provider from an official `Config` object — the `type` switch of `new Credential(config)`
 * (`@alicloud/credentials`) and of Python's `Client(Config(...))`, with the same fields in either spelling
 * (`accessKeyId` or `access_key_id`) and the same environment fallbacks:
 *
 * | `type` | fields (fallback variable) | provider |
 * |---|---|---|
 * | `access_key` | `accessKeyId` (`ALIBABA_CLOUD_ACCESS_KEY_ID`), `accessKeySecret` (`…_SECRET`) | `fromStatic` |
 * | `sts` | + `securityToken` (`ALIBABA_CLOUD_SECURITY_TOKEN`) | `fromStatic` |
 * | `ram_role_arn` | the AccessKey (+ token) or `source`, `roleArn` (`ALIBABA_CLOUD_ROLE_ARN`), `roleSessionName`, `roleSessionExpiration`, `policy`, `externalId`, `stsEndpoint`, `stsRegionId`, `enableVpc` | `fromRamRoleArn` |
 * | `oidc_role_arn` | `roleArn`, `oidcProviderArn`, `oidcTokenFilePath` (`ALIBABA_CLOUD_ROLE_ARN`, `…_OIDC_PROVIDER_ARN`, `…_OIDC_TOKEN_FILE`), session and STS fields | `fromOidcRoleArn` |
 * | `ecs_ram_role` | `roleName`, `disableIMDSv1` | `fromEcsMetadata` |
 * | `credentials_uri` | `credentialsURI` (`ALIBABA_CLOUD_CREDENTIALS_URI`) | `fromCredentialsUri` |
 * | `bearer` | `bearerToken` (`ALIBABA_CLOUD_BEARER_TOKEN`) | `fromBearerToken` (bearer tokens) |
 * | `kms_client_key` | `clientKeyFile`, `clientKeyPasswordFile` / `…PasswordEnvVar` / `…Password`, `kmsRegionId` or `kmsEndpoint`, `secretName` (else the variables and `secretsmanager.properties` the official secrets-manager clients read) | `fromKmsClientKey` (Node; imported on first use) |
 * | `fc_context` | `context` (FC handler context or request) | `fromFcContext` |
 *
 * Errors (`CredentialsError` `InvalidConfiguration`, thrown here): a missing or unknown `type` (listing the
 * valid ones), a missing field (naming both spellings and the variable), an unknown field, both spellings
 * with different values, `proxy` (pass a `fetch` instead).
 *
 * @example
 * ```ts
 * const provider = fromConfig({ type: 'ram_role_arn', access_key_id: '…', access_key_secret: '…', role_arn: 'acs:ram::…:role/r' });
 * const credentials = await provider();
 * ```
 */
export function fromConfig(config: CredentialsConfig): ConfigProvider {
  if (typeof config !== 'object' || config === null) throw configError(`give a config object with a type: one of ${CONFIG_TYPES.join(', ')}.`);
  const type = config.type;
  if (type === undefined || type === null || (typeof type === 'string' && type.trim() === '')) {
    throw configError(`the config has no type: use one of ${CONFIG_TYPES.join(', ')}.`);
  }
  if (type === 'rsa_key_pair') {
    throw configError('type rsa_key_pair (deprecated by Alibaba Cloud, Japan site only) is not supported: use ram_role_arn or access_key.');
  }
  if (typeof type !== 'string' || !Object.hasOwn(BUILDERS, type)) {
    throw configError(`unknown type ${JSON.stringify(String(type).slice(0, 40))}: use one of ${CONFIG_TYPES.join(', ')}.`);
  }
  const reader = new ConfigReader(config as unknown as Record<string, unknown>);
  if (reader.has('proxy')) {
    throw configError('proxy is not supported: pass a fetch that uses your proxy (e.g. undici with a ProxyAgent) as `fetch`.');
  }
  return BUILDERS[type as ConfigType]({ reader, config, env: config.env });
}
