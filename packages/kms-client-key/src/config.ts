import { readEnv, type EnvLike } from '@alicred/core';
import { checkKeyId, clientKeyToPkcs8, importSigningKey, parseClientKeyJson, type ClientKeyJson } from './client-key';
import { kmsEndpoint, normalizeEndpoint, type KmsTarget } from './endpoint';
import { kmsClientKeyError, KmsClientKeyErrorCode as Code } from './errors';
import { defaultPropertiesPath, readTextFile, readTextFileIfExists } from './files-node';
import { parseProperties } from './properties';

/**
 * Where the ClientKey, its password, the secret and the gateway come from. Every field is optional: what is
 * not given here is read from the environment, then from `secretsmanager.properties` — under the keys the
 * official secrets-manager clients use (`client_key_private_key_path`, `client_key_password_from_env_variable`,
 * `client_key_password_from_file_path`, `cache_client_region_id`, `secret_names`, `credentials_type`).
 */
export interface KmsClientKeySource {
  /** Name (e.g. `acs/ram/user/app`) or ARN of the `RAMCredentials` secret. Config key: `secret_names` (one name). */
  secretName?: string;
  /** Path of `clientKey_<KeyId>.json` (Node only). Config key: `client_key_private_key_path`. */
  clientKeyFile?: string;
  /** The ClientKey JSON itself, as a string or parsed (Node only: the PKCS#12 inside needs node:crypto). */
  clientKey?: string | ClientKeyJson;
  /** The PKCS#12 password. Prefer `passwordEnvVar` or `passwordFile` over a literal. */
  password?: string;
  /** Path of the password file (`clientKey_<KeyId>_Password.txt`). Config key: `client_key_password_from_file_path`. */
  passwordFile?: string;
  /** Name of the environment variable holding the password. Config key: `client_key_password_from_env_variable`. */
  passwordEnvVar?: string;
  /** KeyId of an already converted ClientKey (`KAAP.<uuid>`); use with `privateKey`. */
  keyId?: string;
  /**
   * The ClientKey's RSA key already out of its PKCS#12: a PKCS#8 PEM string or a WebCrypto `CryptoKey`
   * (RSASSA-PKCS1-v1_5, SHA-256). The way to use this provider on edge runtimes; see `readClientKey`.
   */
  privateKey?: string | CryptoKey;
  /** Region of the KMS shared gateway, e.g. `cn-hangzhou`. Config key: `cache_client_region_id`. */
  regionId?: string;
  /** `vpc` uses `kms-vpc.<region>.aliyuncs.com`; default `public` (`kms.<region>.aliyuncs.com`). */
  network?: 'public' | 'vpc';
  /** Explicit gateway (host or `http(s)://host:port`), e.g. the emulator's URL. Wins over the region's. */
  endpoint?: string;
  /**
   * The properties file: a path, or `false` to read none. Default `secretsmanager.properties` in the working
   * directory when it exists (where the official clients look).
   */
  propertiesFile?: string | false;
  /** Where environment variables come from (default `process.env`). */
  env?: EnvLike;
  /** `ACSCurrent` (default) or `ACSPrevious`. */
  versionStage?: string;
}

/** Everything a fetch needs, resolved once. */
export interface ResolvedConfig {
  secretName: string;
  versionStage: string;
  targets: KmsTarget[];
  keyId: string;
  signingKey: CryptoKey;
}

const CONFIG_KEYS = [
  'credentials_type',
  'client_key_private_key_path',
  'client_key_password_from_env_variable',
  'client_key_password_from_file_path',
  'cache_client_region_id',
  'secret_names',
] as const;

type ConfigKey = (typeof CONFIG_KEYS)[number];

/** Env (same names as the official clients read) over the properties file. */
async function externalConfig(source: KmsClientKeySource): Promise<Record<ConfigKey, string | undefined>> {
  const path = source.propertiesFile === false ? undefined : source.propertiesFile ?? defaultPropertiesPath();
  let props: Record<string, string> = {};
  if (path !== undefined) {
    const text =
      source.propertiesFile === undefined
        ? await readTextFileIfExists(path, 'the properties file')
        : await readTextFile(path, 'the properties file');
    if (text !== undefined) props = parseProperties(text);
  }
  const out = {} as Record<ConfigKey, string | undefined>;
  for (const key of CONFIG_KEYS) out[key] = readEnv(key, source.env) ?? (props[key]?.trim() || undefined);
  return out;
}

function regionTargets(json: string): KmsTarget[] {
  let entries: unknown;
  try {
    entries = JSON.parse(json);
  } catch {
    throw kmsClientKeyError('cache_client_region_id is not JSON: expected [{"regionId":"cn-hangzhou","vpc":false}].', 'InvalidConfiguration');
  }
  if (!Array.isArray(entries) || entries.length === 0) {
    throw kmsClientKeyError('cache_client_region_id must be a non-empty JSON array of {regionId, vpc?, endpoint?}.', 'InvalidConfiguration');
  }
  return entries.map((entry: { regionId?: unknown; vpc?: unknown; endpoint?: unknown }, i) => {
    if (typeof entry !== 'object' || entry === null || typeof entry.regionId !== 'string') {
      throw kmsClientKeyError(`cache_client_region_id[${i}] has no regionId.`, 'InvalidConfiguration');
    }
    const vpc = entry.vpc === true || entry.vpc === 'true';
    const url = typeof entry.endpoint === 'string' && entry.endpoint.trim() !== '' ? normalizeEndpoint(entry.endpoint) : kmsEndpoint(entry.regionId, vpc);
    return { url, regionId: entry.regionId };
  });
}

function resolveTargets(source: KmsClientKeySource, regionJson: string | undefined): KmsTarget[] {
  if (source.endpoint !== undefined) {
    return [{ url: normalizeEndpoint(source.endpoint), ...(source.regionId ? { regionId: source.regionId } : {}) }];
  }
  if (source.regionId !== undefined) return [{ url: kmsEndpoint(source.regionId, source.network === 'vpc'), regionId: source.regionId }];
  if (regionJson !== undefined) return regionTargets(regionJson);
  throw kmsClientKeyError(
    'no KMS region: set regionId (or endpoint), or cache_client_region_id in secretsmanager.properties.',
    'InvalidConfiguration',
  );
}

function resolveSecretName(source: KmsClientKeySource, secretNames: string | undefined): string {
  if (source.secretName !== undefined) {
    if (source.secretName.trim() === '') throw kmsClientKeyError('secretName is empty.', 'InvalidConfiguration');
    return source.secretName.trim();
  }
  const names = (secretNames ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  if (names.length === 1) return names[0]!;
  throw kmsClientKeyError(
    names.length === 0
      ? 'no secret name: set secretName (the RAMCredentials secret, e.g. acs/ram/user/app).'
      : 'secret_names lists several secrets: set secretName to choose the one holding the AccessKey.',
    'InvalidConfiguration',
  );
}

/**
 * Password order (as the official clients, minus the Python-only quirk that reads an env var literally named
 * `client_key_password_from_env_variable` as the password): `password`, the env var named by
 * `passwordEnvVar`, `passwordFile`, then the env var `client_key_password`.
 */
export async function resolvePassword(source: KmsClientKeySource, ext: Partial<Record<ConfigKey, string>> = {}): Promise<string> {
  if (source.password !== undefined) return source.password;
  const envName = source.passwordEnvVar ?? (source.passwordFile === undefined ? ext.client_key_password_from_env_variable : undefined);
  if (envName !== undefined) {
    const value = readEnv(envName, source.env);
    if (value === undefined) {
      throw kmsClientKeyError(`the ClientKey password variable ${envName} is not set.`, Code.MissingPassword);
    }
    return value;
  }
  const file = source.passwordFile ?? ext.client_key_password_from_file_path;
  // Trailing newlines from editors and `echo` are not part of the password (the official clients strip them too).
  if (file !== undefined) return (await readTextFile(file, 'the ClientKey password file')).trim();
  const fallback = readEnv('client_key_password', source.env);
  if (fallback !== undefined) return fallback;
  throw kmsClientKeyError(
    'the ClientKey password is not configured: set passwordFile (clientKey_<KeyId>_Password.txt), passwordEnvVar, ' +
      'or client_key_password_from_file_path / client_key_password_from_env_variable.',
    Code.MissingPassword,
  );
}

/** Resolves the options, env and properties file into what a fetch needs; decrypts the ClientKey. */
export async function resolveConfig(source: KmsClientKeySource): Promise<ResolvedConfig> {
  const ext = await externalConfig(source);
  const hasConverted = source.privateKey !== undefined || source.keyId !== undefined;
  const clientKeyPath = source.clientKeyFile ?? (hasConverted || source.clientKey !== undefined ? undefined : ext.client_key_private_key_path);
  if (!hasConverted && source.clientKey === undefined && clientKeyPath === undefined) {
    throw kmsClientKeyError(
      'no ClientKey configured: set clientKeyFile (or clientKey, or keyId + privateKey), or client_key_private_key_path ' +
        'in secretsmanager.properties or the environment.',
      'NotConfigured',
    );
  }
  const type = ext.credentials_type;
  if (type !== undefined && type !== 'client_key' && source.clientKeyFile === undefined && source.clientKey === undefined && !hasConverted) {
    throw kmsClientKeyError(`credentials_type is ${JSON.stringify(type.slice(0, 20))}; this provider handles client_key only.`, 'InvalidConfiguration');
  }
  const secretName = resolveSecretName(source, ext.secret_names);
  const targets = resolveTargets(source, ext.cache_client_region_id);
  const versionStage = source.versionStage ?? 'ACSCurrent';

  if (hasConverted) {
    if (source.privateKey === undefined || source.keyId === undefined) {
      throw kmsClientKeyError('keyId and privateKey go together: set both (or use clientKeyFile).', 'InvalidConfiguration');
    }
    return { secretName, versionStage, targets, keyId: checkKeyId(source.keyId), signingKey: await importSigningKey(source.privateKey) };
  }
  const clientKey = parseClientKeyJson(source.clientKey ?? (await readTextFile(clientKeyPath!, 'the ClientKey file')));
  const password = await resolvePassword(source, ext);
  const pkcs8 = clientKeyToPkcs8(clientKey, password);
  try {
    return { secretName, versionStage, targets, keyId: clientKey.KeyId, signingKey: await importSigningKey(pkcs8) };
  } finally {
    pkcs8.fill(0);
  }
}
