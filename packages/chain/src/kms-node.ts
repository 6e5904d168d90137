// Node build: the kms_client_key type of fromConfig. `@alicred/kms-client-key` (PKCS#12 ClientKey files) is
// reached only through `import()` here; the edge build swaps this file for kms-web.ts.
import type { CredentialProvider, EnvLike, Logger } from '@alicred/core';
import type { KmsClientKeyInit, KmsClientKeyProvider } from '@alicred/kms-client-key';
import type { ConfigReader } from './config-fields';

/** Options every source gets from the config. */
export interface KmsCommonInit {
  env?: EnvLike;
  logger?: Logger;
  fetch?: typeof fetch;
}

/** The config's ClientKey fields under `fromKmsClientKey`'s names; absent ones are left to its own fallbacks. */
function kmsInit(reader: ConfigReader, init: KmsCommonInit): KmsClientKeyInit {
  const pick: Array<[keyof KmsClientKeyInit, string | undefined]> = [
    ['secretName', reader.string('secretName')],
    ['clientKeyFile', reader.string('clientKeyFile')],
    ['password', reader.string('clientKeyPassword')],
    ['passwordFile', reader.string('clientKeyPasswordFile')],
    ['passwordEnvVar', reader.string('clientKeyPasswordEnvVar')],
    ['regionId', reader.string('kmsRegionId')],
    ['endpoint', reader.string('kmsEndpoint')],
  ];
  const timeoutMs = reader.integer('timeout');
  return {
    ...Object.fromEntries(pick.filter(([, value]) => value !== undefined)),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...init,
  };
}

/**
 * The `kms_client_key` provider of a config: `fromKmsClientKey` imported on first use. `reportInvalid` (tell
 * the provider a service rejected the key, so it fetches the rotated one at once) is passed through.
 */
export function kmsClientKeySource(reader: ConfigReader, init: KmsCommonInit): CredentialProvider & Pick<KmsClientKeyProvider, 'reportInvalid'> {
  const options = kmsInit(reader, init);
  let loading: Promise<KmsClientKeyProvider> | undefined;
  const load = (): Promise<KmsClientKeyProvider> => {
    const pending = (loading ??= import('@alicred/kms-client-key').then((m) => m.fromKmsClientKey(options)));
    pending.catch(() => {
      if (loading === pending) loading = undefined;
    });
    return pending;
  };
  const provider = (async (callOptions) => (await load())(callOptions)) as CredentialProvider & Pick<KmsClientKeyProvider, 'reportInvalid'>;
  provider.reportInvalid = async (accessKeyId, callOptions) => (await load()).reportInvalid(accessKeyId, callOptions);
  return provider;
}
