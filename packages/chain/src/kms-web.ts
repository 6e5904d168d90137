// Edge twin of kms-node.ts: a KMS ClientKey is a PKCS#12 file and a password on disk, which needs Node. (On
// edge runtimes use `fromKmsClientKey` with an already converted key, see @alicred/kms-client-key.)
import { CredentialsError, type CredentialProvider, type EnvLike, type Logger } from '@alicred/core';
import type { KmsClientKeyProvider } from '@alicred/kms-client-key';
import type { ConfigReader } from './config-fields';

/** Options every source gets from the config. */
export interface KmsCommonInit {
  env?: EnvLike;
  logger?: Logger;
  fetch?: typeof fetch;
}

function unsupported(): CredentialsError {
  return new CredentialsError(
    'type kms_client_key reads a ClientKey file, which needs Node; on this runtime use fromKmsClientKey from @alicred/kms-client-key with a converted key.',
    { code: 'Unsupported', provider: 'kms-client-key', tryNextLink: true },
  );
}

/** On this runtime: a provider that says the type needs Node (`Unsupported`, `tryNextLink: true`). */
export function kmsClientKeySource(_reader: ConfigReader, _init: KmsCommonInit): CredentialProvider & Pick<KmsClientKeyProvider, 'reportInvalid'> {
  const provider = (async () => {
    throw unsupported();
  }) as unknown as CredentialProvider & Pick<KmsClientKeyProvider, 'reportInvalid'>;
  provider.reportInvalid = async () => false;
  return provider;
}
