import { consoleLogger, readBoolEnv, readEnv, resolveLogger, type CredentialProvider, type EnvLike, type Logger } from '@alicred/core';
import { findCliProfile, parseCliConfig, type CliConfig } from './cli-config';
import { resolveCliProfile, type CliContext } from './cli-profile';
import { updateCliProfile, type UpdateCliProfileOptions } from './config-store-node';
import { CLI_PROFILE_PROVIDER_NAME, profileError } from './errors';
import { EXTERNAL_PROCESS_TIMEOUT_MS } from './external';
import { PROFILE_ENV } from './from-ini';
import { lazyProvider } from './lazy-provider';
import { expandHome, joinPath, resolveHomeDir } from './paths';
import type { ProfileProviders } from './peers';
import { warnIfWorldReadable } from './permissions';
import { readFirstFile, type ReadFile } from './read-file';

/** Variable naming the CLI configuration file, read when `init.filepath` is not given (as credentials-go does). */
export const CONFIG_FILE_ENV = 'ALIBABA_CLOUD_CONFIG_FILE';
/** `true` turns {@link fromCliProfile} off (`NotConfigured`, `tryNextLink: true`). */
export const CLI_PROFILE_DISABLED_ENV = 'ALIBABA_CLOUD_CLI_PROFILE_DISABLED';

/** Keys whose values are secrets in a CLI profile. */
const CLI_SECRET_KEYS = ['access_key_secret', 'sts_token', 'access_token', 'oauth_access_token', 'oauth_refresh_token'];

/** Options for {@link fromCliProfile}. */
export interface FromCliProfileInit {
  /** Profile name. Default: `ALIBABA_CLOUD_PROFILE`, else the file's `current`, else `default`. */
  profile?: string;
  /** The configuration file. Default: `ALIBABA_CLOUD_CONFIG_FILE`, else `~/.aliyun/config.json`. */
  filepath?: string;
  /** Home directory for the default path. Default: `HOME` / `USERPROFILE` from `env`, else the OS answer. */
  homeDir?: string;
  /**
   * Variables to read (`ALIBABA_CLOUD_*`, `HOME`); also handed to delegated providers and used as the
   * whole environment of an External profile's command. Default: `process.env`.
   */
  env?: EnvLike;
  /** Reads a file; default `node:fs`. When given, nothing is written back (there may be no real file). */
  readFile?: ReadFile;
  /** Factories for role and metadata profiles; each one left out is imported from its package on first use. */
  providers?: ProfileProviders;
  /** Receives warnings (world-readable file, failed write-back; default `console`) and refresh diagnostics. */
  logger?: Logger;
  /** Write refreshed OAuth tokens and External/OAuth STS back to the file, as the CLI does. Default `true` (`false` with `readFile`). */
  writeBack?: boolean;
  /** Lock timing for write-back. */
  lock?: UpdateCliProfileOptions;
  /** Time limit for an External profile's `process_command`, in ms. Default 60 000. */
  processTimeoutMs?: number;
  /** Base URL of the OAuth service instead of the site's (`https://oauth.aliyun.com` / `https://oauth.alibabacloud.com`); for tests. */
  oauthBaseUrl?: string;
  /** The `fetch` used for CloudSSO and OAuth. Default: the global one. */
  fetch?: typeof fetch;
  /** Clock in epoch ms (tests). */
  now?: () => number;
  /** Randomness for refresh jitter (tests). */
  random?: () => number;
  /** Share one in-flight refresh between concurrent callers (core's default: on, except on workerd). */
  shareInFlight?: boolean;
}

/** The configuration path: `init.filepath`, else `ALIBABA_CLOUD_CONFIG_FILE` (`~/` expanded), else `~/.aliyun/config.json`. */
export function cliConfigPath(init: Pick<FromCliProfileInit, 'filepath' | 'homeDir' | 'env'> = {}): string | undefined {
  const home = () => resolveHomeDir(init.homeDir, init.env);
  const explicit = init.filepath ?? readEnv(CONFIG_FILE_ENV, init.env);
  if (explicit !== undefined && explicit !== '') return expandHome(explicit, home);
  const dir = home();
  return dir === undefined ? undefined : joinPath(dir, '.aliyun', 'config.json');
}

/**
 * Credentials from a profile of the aliyun CLI configuration (`~/.aliyun/config.json`, written by
 * `aliyun configure`), so code run on a developer machine uses the same identity as the CLI.
 *
 * Modes: `AK`, `StsToken`, `RamRoleArn`, `ChainableRamRoleArn` (`source_profile`, any depth, cycles refused),
 * `EcsRamRole`, `OIDC` (delegated to `init.providers` or the `@alicred/ram-role`, `@alicred/oidc`,
 * `@alicred/ecs-imds` packages), `CloudSSO`, `OAuth` and `External` (`process_command`, run without a shell,
 * 60 s limit). OAuth tokens and OAuth/External STS are written back to the file atomically (temporary file
 * and rename) under a lock file, so concurrent processes never lose an update or read half a file.
 *
 * The file is read on the first call, not when `fromCliProfile` is called. `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`
 * turns the source off. Error rules are those of {@link fromIni}: absent → `tryNextLink: true`; present but
 * broken → `tryNextLink: false`, with the file, the profile and the key at fault.
 *
 * @example
 * ```ts
 * const provider = fromCliProfile(); // the CLI's current profile
 * const { accessKeyId } = await provider();
 * ```
 */
export function fromCliProfile(init: FromCliProfileInit = {}): CredentialProvider {
  const warned = new Set<string>();
  const provider = CLI_PROFILE_PROVIDER_NAME;
  const inner = lazyProvider(async () => {
    const path = cliConfigPath(init);
    const file = path === undefined ? undefined : await readFirstFile([path], init.readFile, provider);
    if (path === undefined || file === undefined) {
      throw profileError(
        { provider, file: path ?? 'the aliyun CLI config.json' },
        'NotConfigured',
        `not found${path === undefined ? ' (no home directory to look in)' : ''}: run \`aliyun configure\`, or set ${CONFIG_FILE_ENV}.`,
        { tryNextLink: true },
      );
    }
    const config = parseCliConfig(file.text, file.path, provider);
    const holdsSecrets = config.profiles.some((p) => CLI_SECRET_KEYS.some((k) => typeof p[k] === 'string' && p[k] !== ''));
    const logger = init.logger ?? consoleLogger;
    warnIfWorldReadable({ provider, file: file.path }, file.permissions, holdsSecrets, logger, warned);
    const name = init.profile ?? readEnv(PROFILE_ENV, init.env) ?? config.current ?? 'default';
    return resolveCliProfile(config, name, context(init, file.path, logger));
  });
  return async (options) => {
    if (readBoolEnv(CLI_PROFILE_DISABLED_ENV, init.env) === true) {
      throw profileError({ provider, file: 'the aliyun CLI profile' }, 'NotConfigured', `is disabled by ${CLI_PROFILE_DISABLED_ENV}=true.`, {
        tryNextLink: true,
      });
    }
    return inner(options);
  };
}

function context(init: FromCliProfileInit, file: string, logger: Pick<Logger, 'warn'>): CliContext {
  const writeBack = init.writeBack ?? init.readFile === undefined;
  const read = async (): Promise<CliConfig | undefined> => {
    const loaded = await readFirstFile([file], init.readFile, CLI_PROFILE_PROVIDER_NAME);
    return loaded === undefined ? undefined : parseCliConfig(loaded.text, loaded.path, CLI_PROFILE_PROVIDER_NAME);
  };
  return {
    file,
    providerName: CLI_PROFILE_PROVIDER_NAME,
    now: init.now ?? Date.now,
    processTimeoutMs: init.processTimeoutMs ?? EXTERNAL_PROCESS_TIMEOUT_MS,
    ...(init.providers === undefined ? {} : { providers: init.providers }),
    ...(init.env === undefined ? {} : { env: init.env }),
    ...(init.logger === undefined ? {} : { logger: init.logger }),
    ...(init.random === undefined ? {} : { random: init.random }),
    ...(init.fetch === undefined ? {} : { fetch: init.fetch }),
    ...(init.shareInFlight === undefined ? {} : { shareInFlight: init.shareInFlight }),
    ...(init.oauthBaseUrl === undefined ? {} : { oauthBaseUrl: init.oauthBaseUrl }),
    // A profile that can no longer be read is not fatal here: the caller falls back to what it read first.
    reload: async (name) => {
      try {
        const config = await read();
        return config === undefined ? undefined : findCliProfile(config, name);
      } catch (error) {
        resolveLogger(init.logger, init.env).debug(`${CLI_PROFILE_PROVIDER_NAME}: re-reading ${file} failed; using the profile read before`, error);
        return undefined;
      }
    },
    // Write-back is best effort, as in the CLI: the credentials are good even if the file cannot be updated.
    save: async (name, fields) => {
      if (!writeBack) return;
      try {
        await updateCliProfile(file, name, fields, init.lock);
      } catch (error) {
        const reason = error instanceof SyntaxError ? 'the file is no longer valid JSON' : ((error as { code?: string }).code ?? (error as Error).message);
        logger.warn(`${CLI_PROFILE_PROVIDER_NAME}: could not save refreshed credentials to ${file} (${reason}); they are used for this process only.`);
      }
    },
  };
}
