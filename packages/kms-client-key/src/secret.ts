import { fromBase64, parseExpiration, utf8Decode } from '@alicred/core';
import { kmsClientKeyError, KmsClientKeyErrorCode as Code, PROVIDER_NAME } from './errors';

/** The parts of a GetSecretValue answer the provider uses. */
export interface RamSecret {
  accessKeyId: string;
  accessKeySecret: string;
  /** When KMS will next rotate the key (`NextRotationDate`), if rotation is enabled. */
  nextRotationDate?: Date;
  /** `RotationInterval` in milliseconds, if rotation is enabled. */
  rotationIntervalMs?: number;
  /** `ExpireTimestamp` from the secret value, if set: the key stops working then. */
  expireAt?: Date;
  /** `VersionId` of the secret version (for logs). */
  versionId?: string;
}

function optionalDate(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    return parseExpiration(value, PROVIDER_NAME);
  } catch {
    // A malformed optional date only costs the schedule its precision; the refresh cap still applies.
    return undefined;
  }
}

/**
 * Reads a GetSecretValue response body into the AccessKey and its rotation schedule. `RAMCredentials`
 * secrets (compared case-insensitively, as the Java plugin does) are accepted; other secret types only if
 * their JSON value has `AccessKeyId` and `AccessKeySecret`, like the official plugins.
 *
 * @throws CredentialsError `NotRamCredentials` or `InvalidResponse`; messages never contain the secret value.
 */
export function parseRamSecret(body: unknown, secretName: string): RamSecret {
  if (typeof body !== 'object' || body === null) {
    throw kmsClientKeyError('GetSecretValue answered something that is not a JSON object.', 'InvalidResponse');
  }
  const b = body as Record<string, unknown>;
  const type = typeof b['SecretType'] === 'string' ? b['SecretType'] : 'unknown';
  const isRam = type.toLowerCase() === 'ramcredentials';
  let text = b['SecretData'];
  if (typeof text === 'string' && b['SecretDataType'] === 'binary') {
    try {
      text = utf8Decode(fromBase64(text));
    } catch {
      text = undefined;
    }
  }
  let value: Record<string, unknown> | undefined;
  if (typeof text === 'string') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null) value = parsed as Record<string, unknown>;
    } catch {
      value = undefined;
    }
  }
  const accessKeyId = value?.['AccessKeyId'];
  const accessKeySecret = value?.['AccessKeySecret'];
  const complete = typeof accessKeyId === 'string' && accessKeyId !== '' && typeof accessKeySecret === 'string' && accessKeySecret !== '';
  if (!complete) {
    if (!isRam) {
      throw kmsClientKeyError(
        `the secret ${secretName} is a ${type.slice(0, 30)} secret, not RAMCredentials, and its value has no AccessKeyId/AccessKeySecret: ` +
          'point secretName at the RAM secret that holds the AccessKey (acs/ram/user/…).',
        Code.NotRamCredentials,
      );
    }
    throw kmsClientKeyError(
      `the value of the RAMCredentials secret ${secretName} is not JSON with AccessKeyId and AccessKeySecret.`,
      'InvalidResponse',
    );
  }
  const interval = typeof b['RotationInterval'] === 'string' ? /^(\d+)s$/.exec(b['RotationInterval']) : null;
  const rotationIntervalMs = interval ? Number(interval[1]) * 1000 : undefined;
  const result: RamSecret = { accessKeyId: accessKeyId as string, accessKeySecret: accessKeySecret as string };
  const next = optionalDate(b['NextRotationDate']);
  if (next) result.nextRotationDate = next;
  if (rotationIntervalMs !== undefined && rotationIntervalMs > 0) result.rotationIntervalMs = rotationIntervalMs;
  const expireAt = optionalDate(value?.['ExpireTimestamp']);
  if (expireAt) result.expireAt = expireAt;
  if (typeof b['VersionId'] === 'string') result.versionId = b['VersionId'];
  return result;
}
