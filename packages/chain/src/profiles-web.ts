// Edge twin of profiles-node.ts: there are no profile files on Workers, Vercel Edge, Deno Deploy or in
// browsers, and importing `@alicred/ini` here would drag its file-system code into the bundle. The links stay
// in the chain (so `explain()` shows them) and report themselves as unavailable, `tryNextLink: true`.
import { CredentialsError, type CredentialProvider, type EnvLike, type Logger } from '@alicred/core';
import type { FromEcsMetadataInit } from '@alicred/ecs-imds';
import type { FromCliProfileInit, FromIniInit } from '@alicred/ini';

/** Which profile file. */
export type ProfileKind = 'cli-profile' | 'ini';

/** What the default chain hands to its profile links (same shape as the Node build). */
export interface ProfileSourceInit {
  env?: EnvLike;
  logger?: Logger;
  profile?: string;
  stsEndpoint?: string;
  ecs?: Omit<FromEcsMetadataInit, 'env' | 'logger'>;
  ini?: Omit<FromIniInit, 'env' | 'logger' | 'profile'>;
  cliProfile?: Omit<FromCliProfileInit, 'env' | 'logger' | 'profile'>;
}

/** On this runtime: a provider that always says the source is unavailable here (`Unsupported`, `tryNextLink: true`). */
export function profileSource(kind: ProfileKind, _init: ProfileSourceInit): CredentialProvider {
  const what = kind === 'ini' ? 'the credentials INI file (~/.alibabacloud/credentials)' : 'the aliyun CLI profile (~/.aliyun/config.json)';
  return async () => {
    throw new CredentialsError(`${what} needs Node (a file system); on this runtime use environment variables or bindings (defaultChain({ env })) or another source.`, {
      code: 'Unsupported',
      provider: kind,
      tryNextLink: true,
    });
  };
}
