import { CredentialsError } from '@alicred/core';

/** Name of this source in errors, logs and `Credentials.providerName`. */
export const PROVIDER_NAME = 'kms-client-key';

/**
 * Error codes specific to `fromKmsClientKey`, next to core's (`NotConfigured`, `InvalidConfiguration`,
 * `NetworkError`, `Timeout`, …). Every one has `tryNextLink: false` except `NotConfigured`.
 *
 * - `FileNotFound`: the ClientKey, password or properties file named in the configuration cannot be read.
 * - `MissingPassword`: a PKCS#12 ClientKey was configured without any source for its password.
 * - `InvalidClientKey`: the ClientKey JSON, its base64 `PrivateKeyData` or the PKCS#12 inside is malformed,
 *   or holds no RSA private key.
 * - `WrongPassword`: the PKCS#12 integrity check (or its decryption) failed: the password is not the one
 *   the ClientKey was created with.
 * - `UnsupportedClientKey`: the PKCS#12 uses an algorithm this reader does not implement.
 * - `SecretNotFound`: KMS has no such secret, or the ClientKey's AAP may not read it.
 * - `NotRamCredentials`: the secret is not a `RAMCredentials` secret and has no AccessKeyId/AccessKeySecret.
 * - `KmsAuthFailed`: KMS refused the ClientKey (unknown KeyId, bad signature, clock skew, no permission).
 * - `KmsError`: any other KMS error (the KMS code and RequestId are in the message).
 */
export const KmsClientKeyErrorCode = Object.freeze({
  FileNotFound: 'FileNotFound',
  MissingPassword: 'MissingPassword',
  InvalidClientKey: 'InvalidClientKey',
  WrongPassword: 'WrongPassword',
  UnsupportedClientKey: 'UnsupportedClientKey',
  SecretNotFound: 'SecretNotFound',
  NotRamCredentials: 'NotRamCredentials',
  KmsAuthFailed: 'KmsAuthFailed',
  KmsError: 'KmsError',
} as const);

/** A `CredentialsError` from this provider (never with a password, key or signature in `message`). */
export function kmsClientKeyError(message: string, code: string, cause?: unknown): CredentialsError {
  return new CredentialsError(`${PROVIDER_NAME}: ${message}`, {
    code,
    provider: PROVIDER_NAME,
    tryNextLink: code === 'NotConfigured',
    cause,
  });
}
