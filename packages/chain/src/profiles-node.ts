// Node build: the two file-based sources of the default chain. `@alicred/ini` is reached only through
// `import()` here, and the edge build swaps this file for profiles-web.ts, so edge bundles never contain it.
import type { CredentialProvider } from '@alicred/core';
import type { FromEcsMetadataInit } from '@alicred/ecs-imds';
import type { FromCliProfileInit, FromIniInit, ProfileProviders } from '@alicred/ini';
import type { EnvLike, Logger } from '@alicred/core';
import { lazyProvider } from './lazy-provider';

/** Which profile file. */
export type ProfileKind = 'cli-profile' | 'ini';

/** What the default chain hands to its profile links. */
export interface ProfileSourceInit {
  env?: EnvLike;
  logger?: Logger;
  profile?: string;
  /** STS endpoint for role profiles that name none (tests, proxies). */
  stsEndpoint?: string;
  /** Options for `ecs_ram_role` / `EcsRamRole` profiles (the same as the chain's ECS link). */
  ecs?: Omit<FromEcsMetadataInit, 'env' | 'logger'>;
  ini?: Omit<FromIniInit, 'env' | 'logger' | 'profile'>;
  cliProfile?: Omit<FromCliProfileInit, 'env' | 'logger' | 'profile'>;
}

/** The factories a profile needs for roles, metadata and URIs: each one imported on first use. */
function profileProviders(init: ProfileSourceInit): ProfileProviders {
  const sts = (p: { endpoint?: string; region?: string }) =>
    init.stsEndpoint !== undefined && p.endpoint === undefined && p.region === undefined ? { endpoint: init.stsEndpoint } : {};
  return {
    ramRoleArn: (p) => lazyProvider('ram-role', async () => (await import('@alicred/ram-role')).fromRamRoleArn({ ...p, ...sts(p) })),
    oidcRoleArn: (p) => lazyProvider('oidc', async () => (await import('@alicred/oidc')).fromOidcRoleArn({ ...p, ...sts(p) })),
    ecsMetadata: (p) => lazyProvider('ecs-imds', async () => (await import('@alicred/ecs-imds')).fromEcsMetadata({ ...init.ecs, ...p })),
    credentialsUri: (p) => lazyProvider('uri', async () => (await import('@alicred/uri')).fromCredentialsUri(p)),
  };
}

/** The aliyun CLI profile or the credentials INI file source, `@alicred/ini` imported on first use. */
export function profileSource(kind: ProfileKind, init: ProfileSourceInit): CredentialProvider {
  const common = {
    ...(init.env ? { env: init.env } : {}),
    ...(init.logger ? { logger: init.logger } : {}),
    ...(init.profile !== undefined ? { profile: init.profile } : {}),
    providers: profileProviders(init),
  };
  return kind === 'ini'
    ? lazyProvider('ini', async () => (await import('@alicred/ini')).fromIni({ ...common, ...init.ini }))
    : lazyProvider('cli-profile', async () => (await import('@alicred/ini')).fromCliProfile({ ...common, ...init.cliProfile }));
}
