import { execFileSync } from 'node:child_process';
import { createCredentials } from '@alicred/core';
import { parseIni } from '@alicred/ini';
import { describe, expect, it } from 'vitest';
import { formatCredentials } from './format-credentials';

const sts = createCredentials({
  accessKeyId: 'STS.NTestKeyId0001',
  accessKeySecret: "it's-a-secret$(touch /tmp/x)`id`",
  securityToken: 'CAIS token/with+chars==',
  expiration: new Date('2030-01-02T03:04:05.678Z'),
  providerName: 'ram-role',
});
const ak = createCredentials({ accessKeyId: 'LTAI5tTestKeyId01', accessKeySecret: 'plain-secret', providerName: 'env' });

describe('formatCredentials', () => {
  it('env output round-trips through a real shell without expanding anything', () => {
    const script = `${formatCredentials(sts, 'env')}\nprintf '%s\\n%s\\n%s' "$ALIBABA_CLOUD_ACCESS_KEY_ID" "$ALIBABA_CLOUD_ACCESS_KEY_SECRET" "$ALIBABA_CLOUD_SECURITY_TOKEN"`;
    const out = execFileSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(out.split('\n')).toEqual([sts.accessKeyId, sts.accessKeySecret, sts.securityToken]);
  });

  it('env output unsets a stale token when the credentials have none', () => {
    const script = `ALIBABA_CLOUD_SECURITY_TOKEN=stale; export ALIBABA_CLOUD_SECURITY_TOKEN\n${formatCredentials(ak, 'env')}\nprintf '[%s]' "\${ALIBABA_CLOUD_SECURITY_TOKEN-unset}"`;
    expect(execFileSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH } })).toBe('[unset]');
  });

  it('json is the credentials-URI document with the expiration in whole seconds', () => {
    const doc = JSON.parse(formatCredentials(sts, 'json'));
    expect(doc).toEqual({
      Code: 'Success',
      AccessKeyId: sts.accessKeyId,
      AccessKeySecret: sts.accessKeySecret,
      SecurityToken: sts.securityToken,
      Expiration: '2030-01-02T03:04:05Z',
      ProviderName: 'ram-role',
    });
    expect(JSON.parse(formatCredentials(ak, 'json'))).not.toHaveProperty('SecurityToken');
  });

  it('ini output parses back with the INI reader alicred uses', () => {
    const doc = parseIni(formatCredentials(sts, 'ini', { profile: 'work' }));
    const section = doc.get('work')?.values;
    expect(section?.get('type')).toBe('sts');
    expect(section?.get('access_key_secret')).toBe(sts.accessKeySecret);
    expect(section?.get('security_token')).toBe(sts.securityToken);
    expect(parseIni(formatCredentials(ak, 'ini')).get('default')?.values.get('type')).toBe('access_key');
  });

  it('powershell doubles single quotes', () => {
    const text = formatCredentials(sts, 'powershell');
    expect(text).toContain(`$Env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'it''s-a-secret$(touch /tmp/x)\`id\`'`);
    expect(formatCredentials(ak, 'powershell')).toContain('Remove-Item Env:ALIBABA_CLOUD_SECURITY_TOKEN');
  });

  it('process output is the aliyun CLI External document', () => {
    expect(JSON.parse(formatCredentials(sts, 'process'))).toEqual({
      mode: 'StsToken',
      access_key_id: sts.accessKeyId,
      access_key_secret: sts.accessKeySecret,
      sts_token: sts.securityToken,
      expiration: '2030-01-02T03:04:05Z',
    });
    expect(JSON.parse(formatCredentials(ak, 'process')).mode).toBe('AK');
  });

  it('refuses a value with a line break (it could add a line of shell code)', () => {
    const bad = createCredentials({ accessKeyId: 'LTAI5tTestKeyId01', accessKeySecret: 'a\nrm -rf ~', providerName: 'env' });
    expect(() => formatCredentials(bad, 'env')).toThrow(/line break/);
  });
});
