import type { CredentialProvider, Logger } from '@alicred/core';
import { fromEcsMetadata } from '@alicred/ecs-imds';
import { fromEnv } from '@alicred/env';
import { fromFcContext } from '@alicred/fc-context';
import { fromCliProfile, fromIni, type ProfileProviders, type StsEndpointInit } from '@alicred/ini';
import { fromOidcRoleArn } from '@alicred/oidc';
import { fromRamRoleArn } from '@alicred/ram-role';
import { fromCredentialsUri } from '@alicred/uri';
import { usageError } from './cli-error';

/** alicred's own variable (also aliyun-cli's name) for the STS endpoint of `whoami` and role sources. */
export const STS_ENDPOINT_ENV = 'ALIBABA_CLOUD_STS_ENDPOINT';

/** Values of `--source`: one source instead of the default chain. */
export const SOURCE_NAMES = ['default', 'env', 'cli-profile', 'ini', 'oidc', 'ecs', 'uri', 'fc'] as const;
/** One of {@link SOURCE_NAMES}. */
export type SourceName = (typeof SOURCE_NAMES)[number];

/** What the credential-using commands need to build a provider. */
export interface SourceSettings {
  env: Record<string, string | undefined>;
  /** `--profile`: the CLI-config / INI profile. */
  profile?: string;
  /** `--sts-endpoint` or `ALIBABA_CLOUD_STS_ENDPOINT`. */
  stsEndpoint?: string;
  logger?: Logger;
}

/** `--sts-endpoint`, else `ALIBABA_CLOUD_STS_ENDPOINT`, else undefined (the STS package's own rules). */
export function stsEndpointOf(flag: string | undefined, env: Record<string, string | undefined>): string | undefined {
  const value = flag ?? env[STS_ENDPOINT_ENV];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * The role and metadata factories handed to profile sources. The CLI passes them explicitly (no lazy peer
 * import) and fills in the STS endpoint when a profile names none, so one `--sts-endpoint` reaches every
 * role a profile assumes.
 */
export function profileProviders(settings: SourceSettings): ProfileProviders {
  const sts = (init: StsEndpointInit) =>
    settings.stsEndpoint !== undefined && init.endpoint === undefined && init.region === undefined ? { endpoint: settings.stsEndpoint } : {};
  return {
    ramRoleArn: (init) => fromRamRoleArn({ ...init, ...sts(init) }),
    oidcRoleArn: (init) => fromOidcRoleArn({ ...init, ...sts(init) }),
    ecsMetadata: (init) => fromEcsMetadata(init),
    credentialsUri: (init) => fromCredentialsUri(init),
  };
}

/** One named source, for `--source`. `default` is not handled here (see `resolveProvider`). */
export function singleSource(name: Exclude<SourceName, 'default'>, settings: SourceSettings): CredentialProvider {
  const { env, profile, logger } = settings;
  const common = { env, ...(logger ? { logger } : {}) };
  switch (name) {
    case 'env':
      return fromEnv({ env });
    case 'cli-profile':
      return fromCliProfile({ ...common, ...(profile ? { profile } : {}), providers: profileProviders(settings) });
    case 'ini':
      return fromIni({ ...common, ...(profile ? { profile } : {}), providers: profileProviders(settings) });
    case 'oidc':
      return fromOidcRoleArn({ ...common, ...(settings.stsEndpoint ? { endpoint: settings.stsEndpoint } : {}) });
    case 'ecs':
      return fromEcsMetadata(common);
    case 'uri':
      return fromCredentialsUri(common);
    case 'fc':
      return fromFcContext(undefined, { env });
  }
}

/** Checks a `--source` value. */
export function parseSourceName(value: string | undefined, command: string): SourceName {
  if (value === undefined) return 'default';
  if ((SOURCE_NAMES as readonly string[]).includes(value)) return value as SourceName;
  throw usageError(`unknown --source "${value.slice(0, 40)}": use one of ${SOURCE_NAMES.join(', ')}.`, command);
}

/** The settings of the `--profile` / `--sts-endpoint` flags and the environment. */
export function settingsFrom(
  values: { profile?: string | undefined; 'sts-endpoint'?: string | undefined },
  env: Record<string, string | undefined>,
  logger?: Logger,
): SourceSettings {
  const settings: SourceSettings = { env, ...(logger ? { logger } : {}) };
  if (values.profile !== undefined) settings.profile = values.profile;
  const stsEndpoint = stsEndpointOf(values['sts-endpoint'], env);
  if (stsEndpoint !== undefined) settings.stsEndpoint = stsEndpoint;
  return settings;
}
