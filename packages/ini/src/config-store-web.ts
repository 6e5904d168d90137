import { CredentialsError } from '@alicred/core';

/** Options for `updateCliProfile` (the internal writer `fromCliProfile` uses to persist refreshed credentials). */
export interface UpdateCliProfileOptions {
  lockTimeoutMs?: number;
  staleLockMs?: number;
}

/** Edge twin of config-store-node.ts: there is no file to write here. */
export async function updateCliProfile(
  _file: string,
  _profileName: string,
  _fields: Readonly<Record<string, string | number>>,
  _options: UpdateCliProfileOptions = {},
): Promise<void> {
  throw new CredentialsError('writing the aliyun CLI config.json needs Node (a file system).', {
    code: 'Unsupported',
    provider: 'cli-profile',
    tryNextLink: true,
  });
}
