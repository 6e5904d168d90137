import { clientKeyToPkcs8, parseClientKeyJson, pkcs8Pem, withRedaction, type ConvertedClientKey } from './client-key';
import { resolvePassword, type KmsClientKeySource } from './config';
import { kmsClientKeyError } from './errors';
import { readTextFile } from './files-node';

/** Options of {@link readClientKey}: the ClientKey and its password. */
export type ReadClientKeyInit = Pick<KmsClientKeySource, 'clientKeyFile' | 'clientKey' | 'password' | 'passwordFile' | 'passwordEnvVar' | 'env'>;

/**
 * Decrypts a ClientKey (`clientKey_<KeyId>.json` + password) into `{ keyId, privateKeyPem }` (PKCS#8), the
 * form edge runtimes accept as `fromKmsClientKey({ keyId, privateKey })`. Node only (the edge build throws
 * `Unsupported`). Run it once, store the PEM as a secret (e.g. a Workers secret), never commit it.
 * `JSON.stringify` and `console.log` of the result hide the PEM.
 *
 * @example
 * ```ts
 * const { keyId, privateKeyPem } = await readClientKey({ clientKeyFile: 'clientKey_KAAP.x.json', passwordFile: 'clientKey_KAAP.x_Password.txt' });
 * ```
 */
export async function readClientKey(init: ReadClientKeyInit): Promise<ConvertedClientKey> {
  if (init.clientKey === undefined && init.clientKeyFile === undefined) {
    throw kmsClientKeyError('readClientKey needs clientKeyFile or clientKey.', 'InvalidConfiguration');
  }
  const clientKey = parseClientKeyJson(init.clientKey ?? (await readTextFile(init.clientKeyFile!, 'the ClientKey file')));
  const password = await resolvePassword(init);
  const der = clientKeyToPkcs8(clientKey, password);
  const privateKeyPem = pkcs8Pem(der);
  der.fill(0);
  return withRedaction({ keyId: clientKey.KeyId, privateKeyPem });
}
