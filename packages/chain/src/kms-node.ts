// Node build: the kms_client_key type of fromConfig. `@alicred/kms-client-key` (Node only: file system,
// PKCS#12) is reached only through `import()` here; the edge build swaps this file for kms-web.ts.
import { CredentialsError, type CredentialProvider, type EnvLike, type Logger } from '@alicred/core';
import type { ConfigReader } from './config-fields';

/** Options every source gets from the config. */
export interface KmsCommonInit {
  env?: EnvLike;
  logger?: Logger;
  fetch?: typeof fetch;
}

/** The `kms_client_key` provider of a config. */
export function kmsClientKeySource(_reader: ConfigReader, _init: KmsCommonInit): CredentialProvider {
  // Replaced by the lazy import of @alicred/kms-client-key once that package is published in the workspace.
  throw new CredentialsError('fromConfig: type kms_client_key needs @alicred/kms-client-key, which is not available yet.', {
    code: 'MissingPackage',
    provider: 'config',
  });
}
