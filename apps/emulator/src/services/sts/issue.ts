import { randomBytes } from 'node:crypto';
import { numericId } from '../../state';
import type { AccessKeyRecord, EmulatorState, RoleConfig } from '../../types';

/** Credentials as STS, IMDS and the credentials URI print them. */
export interface IssuedCredentials {
  record: AccessKeyRecord;
  /** `YYYY-MM-DDThh:mm:ssZ`, the format every official client parses. */
  expiration: string;
  assumedRoleId: string;
  /** `acs:ram::<account>:role/<role>/<session>` as in the AssumeRole answer. */
  assumedRoleArn: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

/** `2024-01-01T00:00:00Z`: whole seconds, as STS sends them. */
export function stsTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function roleName(arn: string): string {
  return arn.slice(arn.indexOf(':role/') + 6);
}

export function roleAccount(arn: string): string {
  return arn.split(':')[3] ?? '';
}

export function roleId(role: RoleConfig): string {
  return role.roleId ?? numericId(`role/${role.arn}`, 18).replace(/^2/, '3');
}

/**
 * Mints an STS key for `role` and registers it, so it is accepted by STS (role chaining) and OSS until it
 * expires. `expired` hands out a key whose expiration is already past (the `expiredCredentials` fault).
 */
export function issueRoleCredentials(
  state: EmulatorState,
  role: RoleConfig,
  sessionName: string,
  durationSeconds: number,
): IssuedCredentials {
  const now = state.now();
  const expiresAt = state.expiredCredentials ? new Date(now.getTime() - 1000) : new Date(now.getTime() + durationSeconds * 1000);
  const account = roleAccount(role.arn);
  const name = roleName(role.arn);
  const rid = roleId(role);
  const record: AccessKeyRecord = {
    accessKeyId: `STS.${randomAlnum(25)}`,
    accessKeySecret: randomAlnum(44),
    // Real tokens are long opaque base64 blobs starting with CAIS; clients must not assume a length.
    securityToken: `CAIS${randomBytes(240).toString('base64')}`,
    expiration: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000),
    identity: {
      accountId: account,
      identityType: 'AssumedRoleUser',
      arn: `acs:ram::${account}:assumed-role/${name}/${sessionName}`,
      principalId: `${rid}:${sessionName}`,
      roleId: rid,
    },
  };
  state.registerAccessKey(record);
  return {
    record,
    expiration: stsTime(record.expiration!),
    assumedRoleId: `${rid}:${sessionName}`,
    assumedRoleArn: `${role.arn}/${sessionName}`,
  };
}
