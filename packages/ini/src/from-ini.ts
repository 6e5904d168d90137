import { consoleLogger, readEnv, type CredentialProvider, type EnvLike, type Logger } from '@alicred/core';
import { INI_PROVIDER_NAME, profileError, type Location } from './errors';
import { INI_SECRET_KEYS, resolveIniProfile, type ResolvedIniProfile } from './ini-profile';
import { lazyProvider } from './lazy-provider';
import { IniSyntaxError, UnsafeSectionError, parseIni, type IniDocument } from './parse-ini';
import { expandHome, joinPath, resolveHomeDir } from './paths';
import type { ProfileProviders } from './peers';
import { warnIfWorldReadable } from './permissions';
import { readFirstFile, type ReadFile } from './read-file';

/** Variable naming the INI file, read when `init.filepath` is not given. */
export const CREDENTIALS_FILE_ENV = 'ALIBABA_CLOUD_CREDENTIALS_FILE';
/** Variable naming the profile (for both `fromIni` and `fromCliProfile`), read when `init.profile` is not given. */
export const PROFILE_ENV = 'ALIBABA_CLOUD_PROFILE';

/** Options for {@link fromIni}. */
export interface FromIniInit {
  /** Profile (section) name. Default: `ALIBABA_CLOUD_PROFILE`, else `default`. */
  profile?: string;
  /** The INI file. Default: `ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials`, else `~/.alibabacloud/credentials.ini`. */
  filepath?: string;
  /** Home directory for the default paths. Default: `HOME` / `USERPROFILE` from `env`, else the OS answer. */
  homeDir?: string;
  /** Variables to read (`ALIBABA_CLOUD_*`, `HOME`); also handed to delegated providers. Default: `process.env`. */
  env?: EnvLike;
  /** Reads a file; default `node:fs`. Inject it in tests or to read profiles where there is no `node:fs`. */
  readFile?: ReadFile;
  /** Factories for role, metadata and URI profiles; each one left out is imported from its package on first use. */
  providers?: ProfileProviders;
  /** Receives the world-readable-file warning (default: core's `consoleLogger`); also handed to delegated providers. */
  logger?: Logger;
}

/**
 * The INI paths to try, in order: `init.filepath`, else `ALIBABA_CLOUD_CREDENTIALS_FILE` (a leading `~/` is
 * expanded), else `~/.alibabacloud/credentials` (the Node and Go libraries' name) and then
 * `~/.alibabacloud/credentials.ini` (the Python and Java libraries' name).
 */
export function iniFilePaths(init: Pick<FromIniInit, 'filepath' | 'homeDir' | 'env'> = {}): string[] {
  const home = () => resolveHomeDir(init.homeDir, init.env);
  const explicit = init.filepath ?? readEnv(CREDENTIALS_FILE_ENV, init.env);
  if (explicit !== undefined && explicit !== '') return [expandHome(explicit, home)];
  const dir = home();
  if (dir === undefined) return [];
  return [joinPath(dir, '.alibabacloud', 'credentials'), joinPath(dir, '.alibabacloud', 'credentials.ini')];
}

/** The profile name: `init.profile`, else `ALIBABA_CLOUD_PROFILE`, else `default`. */
export function iniProfileName(init: Pick<FromIniInit, 'profile' | 'env'> = {}): string {
  return init.profile ?? readEnv(PROFILE_ENV, init.env) ?? 'default';
}

/**
 * Credentials from a profile of the Alibaba Cloud credentials INI file, the file the official Node, Go,
 * Python and Java libraries read:
 *
 * ```ini
 * [default]
 * type = access_key                  # access_key | sts | ram_role_arn | oidc_role_arn | ecs_ram_role | credentials_uri
 * access_key_id = LTAI5t...
 * access_key_secret = ...
 * ```
 *
 * Nothing is read when `fromIni` is called: the file is read on the first call of the returned provider (and
 * again on `forceRefresh`). Role, metadata and URI types delegate to the factories in `init.providers`, or to
 * `@alicred/ram-role`, `@alicred/oidc`, `@alicred/ecs-imds`, `@alicred/uri` imported on first use; the
 * resulting provider is kept, so its cache lives as long as this provider.
 *
 * Errors (`CredentialsError`, all naming the file and profile, never a value):
 * - no file, or the profile is not in it, or it has `enable = false` → `tryNextLink: true`
 *   (`NotConfigured`, `ProfileDisabled`): a chain moves on;
 * - a file that cannot be read (`UnreadableFile`), a malformed line (`MalformedFile`, with the line number),
 *   a `[__proto__]`-like section (`UnsafeProfileName`), a missing type or key or an unknown type
 *   (`InvalidProfile`), a `source_profile` cycle (`ProfileCycle`), a peer package that is not installed
 *   (`MissingPackage`), a `bearer` profile (`WrongCredentialType`: use {@link fromIniBearerToken})
 *   → `tryNextLink: false`: a chain stops, so a broken profile is never hidden behind other credentials.
 *
 * Node only: on edge runtimes the default file reader throws `Unsupported` (`tryNextLink: true`).
 *
 * @example
 * ```ts
 * const provider = fromIni({ profile: 'dev' });
 * const { accessKeyId } = await provider();
 * ```
 */
export function fromIni(init: FromIniInit = {}): CredentialProvider {
  const warned = new Set<string>();
  return lazyProvider(async () => {
    const resolved = await loadIniProfile(init, warned);
    if (resolved.kind !== 'credentials') {
      throw profileError(
        resolved.where,
        'WrongCredentialType',
        'holds a bearer token (type = bearer), not an AccessKey: read it with fromIniBearerToken() instead.',
      );
    }
    return resolved.provider;
  });
}

/** A resolved profile and where it was found. */
export type LoadedIniProfile = ResolvedIniProfile & { readonly where: Location };

/** Finds, reads and parses the INI file and resolves the chosen profile. Shared by `fromIni` and `fromIniBearerToken`. */
export async function loadIniProfile(init: FromIniInit, warned: Set<string> = new Set()): Promise<LoadedIniProfile> {
  const provider = INI_PROVIDER_NAME;
  const paths = iniFilePaths(init);
  const profile = iniProfileName(init);
  const file = await readFirstFile(paths, init.readFile, provider);
  if (file === undefined) {
    const checked = paths.length === 0 ? 'no home directory to look in' : `looked for ${paths.join(' and ')}`;
    throw profileError(
      { provider, file: 'the credentials INI file' },
      'NotConfigured',
      `not found (${checked}): create it, or set ${CREDENTIALS_FILE_ENV}.`,
      { tryNextLink: true },
    );
  }
  const doc = parseFile(file.path, file.text);
  warnIfWorldReadable({ provider, file: file.path }, file.permissions, holdsSecrets(doc), init.logger ?? consoleLogger, warned);
  const resolved = await resolveIniProfile(doc, profile, {
    file: file.path,
    providerName: provider,
    ...(init.providers === undefined ? {} : { providers: init.providers }),
    ...(init.env === undefined ? {} : { env: init.env }),
    ...(init.logger === undefined ? {} : { logger: init.logger }),
  });
  return { ...resolved, where: { provider, file: file.path, profile } };
}

function parseFile(path: string, text: string): IniDocument {
  try {
    return parseIni(text);
  } catch (error) {
    if (error instanceof UnsafeSectionError) {
      throw profileError({ provider: INI_PROVIDER_NAME, file: `${path}:${error.line}` }, 'UnsafeProfileName', `${error.reason}: rename the section.`);
    }
    if (error instanceof IniSyntaxError) {
      throw profileError({ provider: INI_PROVIDER_NAME, file: `${path}:${error.line}` }, 'MalformedFile', `${error.reason}.`);
    }
    throw error;
  }
}

function holdsSecrets(doc: IniDocument): boolean {
  for (const section of doc.values()) {
    if (INI_SECRET_KEYS.some((key) => (section.values.get(key) ?? '') !== '')) return true;
  }
  return false;
}
