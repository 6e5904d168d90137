import { CredentialsError } from '@alicred/core';

/** Provider name of `fromConfig` errors. */
export const CONFIG_PROVIDER_NAME = 'config';

/**
 * Every field of the official `Config` objects this package understands, by meaning: the Node / Java
 * camelCase name first, then the Python snake_case name, then other spellings found in the official
 * libraries (Go's `STSEndpoint`, the serialised `readTimeout`, …).
 */
export const CONFIG_FIELDS = Object.freeze({
  accessKeyId: ['accessKeyId', 'access_key_id'],
  accessKeySecret: ['accessKeySecret', 'access_key_secret'],
  securityToken: ['securityToken', 'security_token'],
  bearerToken: ['bearerToken', 'bearer_token'],
  roleArn: ['roleArn', 'role_arn'],
  roleSessionName: ['roleSessionName', 'role_session_name'],
  roleSessionExpiration: ['roleSessionExpiration', 'role_session_expiration'],
  durationSeconds: ['durationSeconds', 'duration_seconds'],
  policy: ['policy'],
  externalId: ['externalId', 'external_id'],
  stsEndpoint: ['stsEndpoint', 'sts_endpoint', 'STSEndpoint'],
  stsRegionId: ['stsRegionId', 'sts_region_id'],
  enableVpc: ['enableVpc', 'enable_vpc'],
  oidcProviderArn: ['oidcProviderArn', 'oidc_provider_arn'],
  oidcTokenFilePath: ['oidcTokenFilePath', 'oidc_token_file_path'],
  roleName: ['roleName', 'role_name'],
  disableIMDSv1: ['disableIMDSv1', 'disable_imds_v1'],
  credentialsURI: ['credentialsURI', 'credentialsUri', 'credentials_uri'],
  timeout: ['timeout', 'readTimeout', 'read_timeout'],
  connectTimeout: ['connectTimeout', 'connect_timeout'],
  proxy: ['proxy'],
  // Fields of the official Config that have no effect (dead in the official libraries too, or made moot by
  // alicred's refresh cache): accepted so configs move over unchanged, and ignored.
  enableIMDSv2: ['enableIMDSv2', 'enable_imds_v2'],
  metadataTokenDuration: ['metadataTokenDuration', 'metadata_token_duration'],
  asyncCredentialUpdateEnabled: ['asyncCredentialUpdateEnabled', 'async_credential_update_enabled'],
  // rsa_key_pair only (refused with its own message).
  publicKeyId: ['publicKeyId', 'public_key_id'],
  privateKeyFile: ['privateKeyFile', 'private_key_file'],
  host: ['host'],
  // kms_client_key (alicred): @alicred/kms-client-key's names, then the official secrets-manager clients' keys.
  secretName: ['secretName', 'secret_name', 'secret_names'],
  clientKeyFile: ['clientKeyFile', 'client_key_file', 'client_key_private_key_path'],
  clientKeyPassword: ['clientKeyPassword', 'client_key_password'],
  clientKeyPasswordFile: ['clientKeyPasswordFile', 'client_key_password_file', 'client_key_password_from_file_path'],
  clientKeyPasswordEnvVar: ['clientKeyPasswordEnvVar', 'client_key_password_from_env_variable'],
  kmsRegionId: ['kmsRegionId', 'regionId', 'region_id', 'cache_client_region_id'],
  kmsEndpoint: ['kmsEndpoint', 'kms_endpoint'],
  // fc_context (alicred): the handler context or the request.
  context: ['context'],
} as const);

/** A field meaning of {@link CONFIG_FIELDS}. */
export type ConfigField = keyof typeof CONFIG_FIELDS;

/** alicred's own keys: objects, not values of the official Config. */
const OWN_KEYS = new Set(['type', 'env', 'logger', 'fetch', 'source', 'now']);

const KNOWN = new Map<string, ConfigField>();
for (const [field, names] of Object.entries(CONFIG_FIELDS)) for (const name of names) KNOWN.set(name, field as ConfigField);

/** Every accepted key, for error messages. */
export function knownKeys(): string[] {
  return [...OWN_KEYS, ...KNOWN.keys()];
}

export function configError(message: string): CredentialsError {
  return new CredentialsError(`fromConfig: ${message}`, { code: 'InvalidConfiguration', provider: CONFIG_PROVIDER_NAME });
}

/** The names of a field for messages: `roleArn (role_arn)`. */
export function fieldNames(field: ConfigField): string {
  const [first, ...rest] = CONFIG_FIELDS[field];
  return rest.length ? `${first} (${rest.join(', ')})` : first;
}

/** Reads a config object's fields by meaning, whatever spelling was used; refuses unknown keys and conflicts. */
export class ConfigReader {
  private readonly values = new Map<ConfigField, { key: string; value: unknown }>();

  constructor(config: Record<string, unknown>) {
    for (const key of Object.keys(config)) {
      const value = config[key];
      if (value === undefined || value === null || OWN_KEYS.has(key)) continue;
      const field = KNOWN.get(key);
      if (field === undefined) {
        throw configError(`unknown field ${JSON.stringify(key.slice(0, 60))}; the fields are ${knownKeys().join(', ')}.`);
      }
      const previous = this.values.get(field);
      if (previous && previous.value !== value) {
        throw configError(`${previous.key} and ${key} are the same field with different values: keep one.`);
      }
      this.values.set(field, { key, value });
    }
  }

  has(field: ConfigField): boolean {
    return this.values.has(field);
  }

  /** A non-empty string (trimmed), or undefined when the field is absent or empty. */
  string(field: ConfigField): string | undefined {
    const entry = this.values.get(field);
    if (!entry) return undefined;
    if (typeof entry.value !== 'string') throw configError(`${entry.key} must be a string.`);
    const value = entry.value.trim();
    return value === '' ? undefined : value;
  }

  /** A positive integer (numbers or numeric strings, as Python configs often hold), or undefined. */
  integer(field: ConfigField): number | undefined {
    const entry = this.values.get(field);
    if (!entry) return undefined;
    const value = typeof entry.value === 'string' && /^\d+$/.test(entry.value.trim()) ? Number(entry.value) : entry.value;
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw configError(`${entry.key} must be a positive integer.`);
    return value;
  }

  /** A boolean (also the strings true/false), or undefined. */
  boolean(field: ConfigField): boolean | undefined {
    const entry = this.values.get(field);
    if (!entry) return undefined;
    if (typeof entry.value === 'boolean') return entry.value;
    if (typeof entry.value === 'string' && /^(true|false)$/i.test(entry.value.trim())) return entry.value.trim().toLowerCase() === 'true';
    throw configError(`${entry.key} must be true or false.`);
  }

  /** Any value (objects such as the FC context). */
  raw(field: ConfigField): unknown {
    return this.values.get(field)?.value;
  }
}
