// Edge twin of kms-node.ts: a KMS ClientKey is a PKCS#12 file with a password on disk, so it needs Node.
import { CredentialsError, type CredentialProvider, type EnvLike, type Logger } from '@alicred/core';
import type { ConfigReader } from './config-fields';

/** Options every source gets from the config. */
export interface KmsCommonInit {
  env?: EnvLike;
  logger?: Logger;
  fetch?: typeof fetch;
}

/** On this runtime: a provider that says the type needs Node (`Unsupported`, `tryNextLink: true`). */
export function kmsClientKeySource(_reader: ConfigReader, _init: KmsCommonInit): CredentialProvider {
  return async () => {
    throw new CredentialsError('type kms_client_key needs Node (it reads a ClientKey file); on this runtime use another credential type.', {
      code: 'Unsupported',
      provider: 'kms-client-key',
      tryNextLink: true,
    });
  };
}
