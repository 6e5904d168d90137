import { describe, expect, it } from 'vitest';
import { parseRamSecret } from './secret';

const ram = (data: unknown, extra: Record<string, unknown> = {}) => ({
  SecretName: 'acs/ram/user/app',
  SecretType: 'RAMCredentials',
  SecretDataType: 'text',
  SecretData: typeof data === 'string' ? data : JSON.stringify(data),
  VersionId: 'v1',
  NextRotationDate: '2020-07-06T18:22:03Z',
  RotationInterval: '604800s',
  ...extra,
});
const AK = { AccessKeyId: 'LTAI5tKeyId', AccessKeySecret: 'super-secret-value', GenerateTimestamp: '2016-03-25T10:42:40Z' };

function codeAndMessage(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected an error');
}

describe('parseRamSecret', () => {
  it('reads the documented RAMCredentials response', () => {
    expect(parseRamSecret(ram(AK), 'x')).toEqual({
      accessKeyId: 'LTAI5tKeyId',
      accessKeySecret: 'super-secret-value',
      nextRotationDate: new Date('2020-07-06T18:22:03Z'),
      rotationIntervalMs: 604800_000,
      versionId: 'v1',
    });
  });

  it('compares SecretType case-insensitively and decodes binary SecretData', () => {
    const body = ram(Buffer.from(JSON.stringify(AK)).toString('base64'), { SecretType: 'RamCredentials', SecretDataType: 'binary' });
    expect(parseRamSecret(body, 'x').accessKeyId).toBe('LTAI5tKeyId');
  });

  it('reads ExpireTimestamp and ignores malformed optional dates', () => {
    const s = parseRamSecret(ram({ ...AK, ExpireTimestamp: '2030-01-01T00:00:00Z' }, { NextRotationDate: 'soon', RotationInterval: 'weekly' }), 'x');
    expect(s.expireAt).toEqual(new Date('2030-01-01T00:00:00Z'));
    expect(s.nextRotationDate).toBeUndefined();
    expect(s.rotationIntervalMs).toBeUndefined();
  });

  it('accepts a Generic secret holding an AccessKey (as the official plugins do), refuses other Generic secrets', () => {
    expect(parseRamSecret(ram(AK, { SecretType: 'Generic' }), 'x').accessKeyId).toBe('LTAI5tKeyId');
    const error = codeAndMessage(() => parseRamSecret(ram({ password: 'db-password-123' }, { SecretType: 'Generic' }), 'db/pw'));
    expect(error.code).toBe('NotRamCredentials');
    expect(error.message).toContain('db/pw');
    expect(error.message).not.toContain('db-password-123');
  });

  it('a broken RAM secret value is InvalidResponse without echoing it', () => {
    for (const data of ['{"AccessKeyId":"LTAI5tKeyId","AccessKeySecret":""}', 'not json super-secret-value', '[]']) {
      const error = codeAndMessage(() => parseRamSecret(ram(data), 'x'));
      expect(error.code).toBe('InvalidResponse');
      expect(error.message).not.toContain('super-secret-value');
      expect(error.message).not.toContain('LTAI5tKeyId');
    }
    expect(codeAndMessage(() => parseRamSecret('nope', 'x')).code).toBe('InvalidResponse');
  });
});
