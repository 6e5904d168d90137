import { createCredentials, type Credentials } from '@alicred/core';
import type { CliReader } from './cli-reader';

/** Saved STS is reused only with more than this left (more than core's largest refresh window, 5 min). */
const SAVED_STS_MARGIN_MS = 6 * 60_000;

/**
 * STS that an earlier run (this process or another) wrote back to the profile (`access_key_id`,
 * `access_key_secret`, `sts_token`, `sts_expiration` in epoch seconds), when enough time is left to be worth
 * returning instead of running the OAuth exchange or the external command again.
 */
export function savedSts(profile: CliReader, now: number, providerName: string): Credentials | undefined {
  const expiresAt = profile.number('sts_expiration');
  const accessKeyId = profile.optional('access_key_id');
  const accessKeySecret = profile.optional('access_key_secret');
  const securityToken = profile.optional('sts_token');
  if (expiresAt === undefined || !accessKeyId || !accessKeySecret || !securityToken) return undefined;
  if (expiresAt * 1000 - now <= SAVED_STS_MARGIN_MS) return undefined;
  return createCredentials({ accessKeyId, accessKeySecret, securityToken, expiration: new Date(expiresAt * 1000), providerName });
}

/** The fields written back for new STS credentials. */
export function stsFields(credentials: Credentials): Record<string, string | number> {
  return {
    access_key_id: credentials.accessKeyId,
    access_key_secret: credentials.accessKeySecret,
    sts_token: credentials.securityToken ?? '',
    sts_expiration: Math.floor((credentials.expiration?.getTime() ?? 0) / 1000),
  };
}
