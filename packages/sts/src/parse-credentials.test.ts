import { isCredentialsError } from '@alicred/core';
import { describe, expect, it } from 'vitest';
import { parseStsCredentials } from './parse-credentials';

const NOW = Date.UTC(2030, 0, 1, 0, 0, 0);
const options = { action: 'AssumeRole', provider: 'ram-role', now: () => NOW };
const answer = (fields: Record<string, unknown>) => ({
  RequestId: 'req-1',
  AssumedRoleUser: { Arn: 'acs:ram::1:role/r/s', AssumedRoleId: '3:s' },
  Credentials: { AccessKeyId: 'STS.id', AccessKeySecret: 'sec-ret', SecurityToken: 'tok-en', Expiration: '2030-01-01T01:00:00Z', ...fields },
});

function failure(body: unknown): { code: string; message: string } {
  try {
    parseStsCredentials(body, options);
  } catch (error) {
    expect(isCredentialsError(error)).toBe(true);
    return error as { code: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('parseStsCredentials', () => {
  it('reads the credentials and the assumed role user', () => {
    const { credentials, assumedRoleUser } = parseStsCredentials(answer({}), options);
    expect(credentials.accessKeyId).toBe('STS.id');
    expect(credentials.securityToken).toBe('tok-en');
    expect(credentials.expiration?.toISOString()).toBe('2030-01-01T01:00:00.000Z');
    expect(credentials.providerName).toBe('ram-role');
    expect(assumedRoleUser).toEqual({ arn: 'acs:ram::1:role/r/s', assumedRoleId: '3:s' });
  });

  it('accepts fractional seconds', () => {
    const { credentials } = parseStsCredentials(answer({ Expiration: '2030-01-01T01:00:00.123Z' }), options);
    expect(credentials.expiration?.getTime()).toBe(NOW + 3_600_123);
  });

  it.each(['AccessKeyId', 'AccessKeySecret', 'SecurityToken', 'Expiration'])('a missing %s is InvalidResponse', (field) => {
    const e = failure(answer({ [field]: undefined }));
    expect(e.code).toBe('InvalidResponse');
    expect(e.message).toContain(field);
    expect(e.message).not.toContain('sec-ret');
  });

  it.each(['2030-01-01 01:00:00', '2030-01-01T01:00:00+08:00', '2030-02-30T01:00:00Z', 'tomorrow', '1893459600'])('a malformed date %s is InvalidResponse', (date) => {
    expect(failure(answer({ Expiration: date })).code).toBe('InvalidResponse');
  });

  it('already expired credentials are an Expired error', () => {
    const e = failure(answer({ Expiration: '2029-12-31T23:59:59Z' }));
    expect(e.code).toBe('Expired');
    expect(e.message).toMatch(/clock/);
  });

  it('a body without Credentials or not an object is InvalidResponse', () => {
    expect(failure({ RequestId: 'x' }).code).toBe('InvalidResponse');
    expect(failure([]).code).toBe('InvalidResponse');
    expect(failure('text').code).toBe('InvalidResponse');
  });
});
