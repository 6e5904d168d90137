import { CredentialsError, type CredentialProvider, type EnvLike, type Logger } from '@alicred/core';
import { describe, type Location } from './errors';

/** STS endpoint options shared by the role sources (reference §4.1: endpoint → region → global). */
export interface StsEndpointInit {
  /** `sts_endpoint` (INI) / `sts_endpoint` (CLI); `endpoint` of `@alicred/sts`. */
  endpoint?: string;
  /** `sts_region_id` (INI) / `sts_region` (CLI); `region` of `@alicred/sts`. */
  region?: string;
  /** `enable_vpc` (INI and CLI); `vpc` of `@alicred/sts`. */
  vpc?: boolean;
}

/** Common to every delegated init: the same `env` and `logger` the profile source was given. */
export interface DelegatedInit {
  env?: EnvLike;
  logger?: Logger;
}

/** What a `ram_role_arn` / `RamRoleArn` / `ChainableRamRoleArn` profile hands to `fromRamRoleArn`. */
export interface RamRoleArnInit extends StsEndpointInit, DelegatedInit {
  /** The credentials that call AssumeRole: the profile's AccessKey, or its `source_profile`. */
  source: CredentialProvider;
  roleArn: string;
  roleSessionName?: string;
  policy?: string;
  externalId?: string;
  durationSeconds?: number;
}

/** What an `oidc_role_arn` / `OIDC` profile hands to `fromOidcRoleArn`. */
export interface OidcRoleArnInit extends StsEndpointInit, DelegatedInit {
  roleArn: string;
  oidcProviderArn: string;
  /** Absent when the profile leaves it to `ALIBABA_CLOUD_OIDC_TOKEN_FILE`. */
  oidcTokenFile?: string;
  roleSessionName?: string;
  policy?: string;
  durationSeconds?: number;
}

/** What an `ecs_ram_role` / `EcsRamRole` profile hands to `fromEcsMetadata`. */
export interface EcsMetadataInit extends DelegatedInit {
  /** Absent: the role name comes from `ALIBABA_CLOUD_ECS_METADATA` or is discovered. */
  roleName?: string;
  disableImdsV1?: boolean;
}

/** What a `credentials_uri` profile hands to `fromCredentialsUri`. */
export interface CredentialsUriInit extends DelegatedInit {
  uri: string;
}

/**
 * Factories for the profile types that need another alicred package. Each one you pass is used as is;
 * each one you leave out is imported on first use from its package (an optional peer dependency), so
 * `@alicred/ini` never forces STS or metadata code on users who only keep AccessKeys in their profiles.
 *
 * | factory | package imported when absent | profile types |
 * |---|---|---|
 * | `ramRoleArn` | `@alicred/ram-role` (`fromRamRoleArn`) | INI `ram_role_arn`; CLI `RamRoleArn`, `ChainableRamRoleArn` |
 * | `oidcRoleArn` | `@alicred/oidc` (`fromOidcRoleArn`) | INI `oidc_role_arn`; CLI `OIDC` |
 * | `ecsMetadata` | `@alicred/ecs-imds` (`fromEcsMetadata`) | INI `ecs_ram_role`; CLI `EcsRamRole` |
 * | `credentialsUri` | `@alicred/uri` (`fromCredentialsUri`) | INI `credentials_uri` |
 */
export interface ProfileProviders {
  ramRoleArn?: (init: RamRoleArnInit) => CredentialProvider;
  oidcRoleArn?: (init: OidcRoleArnInit) => CredentialProvider;
  ecsMetadata?: (init: EcsMetadataInit) => CredentialProvider;
  credentialsUri?: (init: CredentialsUriInit) => CredentialProvider;
}

interface PeerSpec {
  readonly packageName: string;
  readonly exportName: string;
  readonly load: () => Promise<unknown>;
}

/** Passes a failed import on unchanged. */
export function rethrow(error: unknown): never {
  throw error;
}

// Literal specifiers so bundlers can include a peer that is installed. The `.catch()` tells esbuild (and
// tools built on it) to turn an unresolvable peer into a run-time failure instead of a bundle error, so an
// application that only keeps AccessKeys in its profiles bundles without the role packages; the failure then
// surfaces, only for a profile that needs the peer, as `MissingPackage`.
const PEERS: { readonly [K in keyof Required<ProfileProviders>]: PeerSpec } = {
  ramRoleArn: {
    packageName: '@alicred/ram-role',
    exportName: 'fromRamRoleArn',
    // @ts-ignore -- optional peer dependency, may be absent at build time
    load: () => import('@alicred/ram-role').catch(rethrow),
  },
  oidcRoleArn: {
    packageName: '@alicred/oidc',
    exportName: 'fromOidcRoleArn',
    // @ts-ignore -- optional peer dependency, may be absent at build time
    load: () => import('@alicred/oidc').catch(rethrow),
  },
  ecsMetadata: {
    packageName: '@alicred/ecs-imds',
    exportName: 'fromEcsMetadata',
    // @ts-ignore -- optional peer dependency, may be absent at build time
    load: () => import('@alicred/ecs-imds').catch(rethrow),
  },
  credentialsUri: {
    packageName: '@alicred/uri',
    exportName: 'fromCredentialsUri',
    // @ts-ignore -- optional peer dependency, may be absent at build time
    load: () => import('@alicred/uri').catch(rethrow),
  },
};

/** Package name and export each factory falls back to (for docs and error messages). */
export function peerOf(kind: keyof ProfileProviders): { packageName: string; exportName: string } {
  const { packageName, exportName } = PEERS[kind];
  return { packageName, exportName };
}

function isModuleNotFound(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true;
  const message = error instanceof Error ? error.message : String(error);
  return message.includes(packageName) && /cannot find|failed to (load|resolve)|not found|could not resolve/i.test(message);
}

/**
 * Imports `exportName` from `packageName`. A package that is not installed becomes a `MissingPackage` error
 * that names the package to install (and the init option that avoids it); any other load failure is kept as
 * the `cause`.
 */
export async function importPeer<F>(
  packageName: string,
  exportName: string,
  load: () => Promise<unknown>,
  where: Location,
  purpose: string,
  option: string,
): Promise<F> {
  let mod: unknown;
  try {
    mod = await load();
  } catch (error) {
    if (isModuleNotFound(error, packageName)) {
      throw new CredentialsError(
        `${describe(where)}: ${purpose} needs the package ${packageName}, which is not installed: ` +
          `run \`npm install ${packageName}\` (or pass ${option}).`,
        { code: 'MissingPackage', provider: where.provider, tryNextLink: false },
      );
    }
    throw new CredentialsError(`${describe(where)}: loading ${packageName} failed: see \`cause\`.`, {
      code: 'MissingPackage',
      provider: where.provider,
      tryNextLink: false,
      cause: error,
    });
  }
  const fn = (mod as Record<string, unknown> | null)?.[exportName];
  if (typeof fn !== 'function') {
    throw new CredentialsError(
      `${describe(where)}: ${packageName} has no ${exportName} export: install a version that matches @alicred/ini.`,
      { code: 'MissingPackage', provider: where.provider, tryNextLink: false },
    );
  }
  return fn as F;
}

/** The factory for `kind`: the one passed in `providers`, else the peer package's export. */
export async function resolveFactory<K extends keyof ProfileProviders>(
  kind: K,
  providers: ProfileProviders | undefined,
  where: Location,
  purpose: string,
): Promise<NonNullable<ProfileProviders[K]>> {
  const given = providers?.[kind];
  if (given !== undefined) return given as NonNullable<ProfileProviders[K]>;
  const peer = PEERS[kind];
  return importPeer<NonNullable<ProfileProviders[K]>>(peer.packageName, peer.exportName, peer.load, where, purpose, `init.providers.${kind}`);
}
