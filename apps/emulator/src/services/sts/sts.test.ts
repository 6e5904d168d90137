import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../index';
import { callRpc } from '../../../test/helpers';

const T0 = new Date('2024-05-01T10:00:00Z');

describe('STS service', () => {
  let emu: Emulator;
  let now: Date;
  beforeAll(async () => {
    emu = await startEmulator({ now: () => now, accessKeys: [{ accessKeyId: 'LTAIExtraKey', accessKeySecret: 'ExtraSecret' }] });
  });
  afterAll(() => emu.close());
  beforeEach(() => {
    now = T0;
    emu.reset();
  });

  const signed = (action: string, extra: Partial<Parameters<typeof callRpc>[1]> = {}) =>
    callRpc(emu.url, { action, accessKeyId: emu.seed.accessKeyId, accessKeySecret: emu.seed.accessKeySecret, timestamp: now, ...extra });
  const assume = (params: Record<string, string>, extra: Partial<Parameters<typeof callRpc>[1]> = {}) =>
    signed('AssumeRole', { params: { RoleArn: emu.seed.roleArn, RoleSessionName: 'alice', ...params }, ...extra });

  it('AssumeRole by POST form returns credentials that expire after DurationSeconds', async () => {
    const r = await assume({ DurationSeconds: '900' });
    expect(r.status).toBe(200);
    const creds = r.body['Credentials'] as Record<string, string>;
    expect(creds['Expiration']).toBe('2024-05-01T10:15:00Z');
    expect(r.body['AssumedRoleUser']).toMatchObject({ Arn: `${emu.seed.roleArn}/alice` });
  });

  it('AssumeRole by GET query works too (Python/Java style)', async () => {
    const r = await assume({}, { method: 'GET' });
    expect(r.status).toBe(200);
  });

  it('accepts region and VPC endpoint names in the Host header', async () => {
    for (const host of ['sts.cn-hangzhou.aliyuncs.com', 'sts-vpc.cn-shanghai.aliyuncs.com']) {
      const r = await assume({}, { host });
      expect(r.status, host).toBe(200);
      expect(r.body['RequestId']).toBeTypeOf('string');
    }
    const unknown = await signed('DescribeRegions', { host: 'sts.aliyuncs.com' });
    expect(unknown).toMatchObject({ status: 404, body: { Code: 'InvalidAction.NotFound' } });
  });

  it('STS credentials can chain: GetCallerIdentity and AssumeRole with the SecurityToken', async () => {
    const first = (await assume({})).body['Credentials'] as Record<string, string>;
    const keys = { accessKeyId: first['AccessKeyId']!, accessKeySecret: first['AccessKeySecret']!, securityToken: first['SecurityToken']! };
    const who = await callRpc(emu.url, { action: 'GetCallerIdentity', timestamp: now, ...keys });
    expect(who.body).toMatchObject({ IdentityType: 'AssumedRoleUser', AccountId: emu.seed.accountId, Arn: expect.stringContaining('assumed-role/emulator-role/alice') });
    const withoutToken = await callRpc(emu.url, { action: 'GetCallerIdentity', timestamp: now, ...keys, securityToken: undefined });
    expect(withoutToken.body['Code']).toBe('MissingSecurityToken');
    now = new Date(T0.getTime() + 3601_000);
    const expired = await callRpc(emu.url, { action: 'GetCallerIdentity', timestamp: now, ...keys });
    expect(expired).toMatchObject({ status: 400, body: { Code: 'InvalidSecurityToken.Expired' } });
  });

  it('errors are STS-style JSON with RequestId, HostId, Code, Message, Recommend', async () => {
    const r = await signed('GetCallerIdentity', { accessKeySecret: 'wrong' });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
    expect(r.body['Code']).toBe('SignatureDoesNotMatch');
    expect(r.body['Message']).toMatch(/^Specified signature is not matched with our calculation\. server string to sign is:POST&%2F&AccessKeyId%3D/);
  });

  it('rejects a one-character change of a correct signature', async () => {
    const r = await signed('GetCallerIdentity', { tamper: (s) => (s[0] === 'A' ? `B${s.slice(1)}` : `A${s.slice(1)}`) });
    expect(r.body['Code']).toBe('SignatureDoesNotMatch');
  });

  it('accepts options.accessKeys and rejects unknown keys', async () => {
    expect((await signed('GetCallerIdentity', { accessKeyId: 'LTAIExtraKey', accessKeySecret: 'ExtraSecret' })).status).toBe(200);
    expect(await signed('GetCallerIdentity', { accessKeyId: 'LTAINope' })).toMatchObject({ status: 404, body: { Code: 'InvalidAccessKeyId.NotFound' } });
  });

  it('checks Timestamp within 15 minutes and refuses a replayed SignatureNonce', async () => {
    const stale = await signed('GetCallerIdentity', { timestamp: new Date(T0.getTime() - 16 * 60_000) });
    expect(stale.body['Code']).toBe('InvalidTimeStamp.Expired');
    expect((await signed('GetCallerIdentity', { timestamp: new Date(T0.getTime() + 14 * 60_000) })).status).toBe(200);
    expect((await signed('GetCallerIdentity', { nonce: 'n-1' })).status).toBe(200);
    expect((await signed('GetCallerIdentity', { nonce: 'n-1' })).body['Code']).toBe('SignatureNonceUsed');
  });

  it('validates RoleArn, RoleSessionName, DurationSeconds, Policy and Version', async () => {
    expect((await assume({ RoleArn: 'arn:aws:iam::1:role/x' })).body['Code']).toBe('InvalidParameter.RoleArn');
    expect((await assume({ RoleArn: 'acs:ram::1234567890123456:role/nope' })).body['Code']).toBe('EntityNotExist.Role');
    expect((await assume({ RoleSessionName: 'a b' })).body['Code']).toBe('InvalidParameter.RoleSessionName');
    expect((await assume({ DurationSeconds: '899' })).body['Code']).toBe('InvalidParameter.DurationSeconds');
    expect((await assume({ DurationSeconds: '43200' })).status).toBe(200);
    expect((await assume({ DurationSeconds: '43201' })).body['Code']).toBe('InvalidParameter.DurationSeconds');
    expect((await assume({ Policy: '{not json' })).body['Code']).toBe('InvalidParameter.PolicyGrammar');
    expect((await assume({ Policy: '{"Version":"1","Statement":[]}' })).status).toBe(200);
    expect((await signed('GetCallerIdentity', { version: '2019-01-01' })).body['Code']).toBe('InvalidVersion');
  });

  it('enforces the trust policy and ExternalId', async () => {
    const role = emu.seed.externalIdRoleArn!;
    expect(await assume({ RoleArn: role })).toMatchObject({ status: 403, body: { Code: 'NoPermission' } });
    expect(await assume({ RoleArn: role, ExternalId: 'other-id' })).toMatchObject({ status: 403, body: { Code: 'NoPermission' } });
    expect((await assume({ RoleArn: role, ExternalId: emu.seed.externalId! })).status).toBe(200);
    // The OIDC role trusts only its OIDC provider, not the account's users.
    expect(await assume({ RoleArn: emu.seed.oidcRoleArn! })).toMatchObject({ status: 403, body: { Code: 'NoPermission' } });
  });

  describe('AssumeRoleWithOIDC', () => {
    const oidc = (token: string, extra: Record<string, string> = {}) =>
      callRpc(emu.url, {
        action: 'AssumeRoleWithOIDC',
        timestamp: now,
        params: { RoleArn: emu.seed.oidcRoleArn!, OIDCProviderArn: emu.seed.oidcProviderArn!, OIDCToken: token, RoleSessionName: 'pod', ...extra },
      });

    it('exchanges a valid token, unsigned, and reports the token info', async () => {
      const r = await oidc(emu.mintOidcToken({ subject: 'system:serviceaccount:ns:sa' }));
      expect(r.status).toBe(200);
      expect(r.body['OIDCTokenInfo']).toMatchObject({ Subject: 'system:serviceaccount:ns:sa', Issuer: emu.seed.oidcIssuer });
    });

    it('rejects expired, wrong-issuer, wrong-audience and forged tokens', async () => {
      expect((await oidc(emu.mintOidcToken({ expiresIn: -120 }))).body['Code']).toBe('AuthenticationFail.OIDCToken.Expired');
      expect((await oidc(emu.mintOidcToken({ issuer: 'https://evil.invalid' }))).body['Code']).toBe('AuthenticationFail.OIDCToken.Invalid');
      expect((await oidc(emu.mintOidcToken({ audience: 'someone-else' }))).body['Code']).toBe('AuthenticationFail.OIDCToken.Invalid');
      const [h, p, s] = emu.mintOidcToken().split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
      const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url')}.${s}`;
      expect((await oidc(forged)).body['Code']).toBe('AuthenticationFail.OIDCToken.Invalid');
      expect((await oidc('not-a-jwt')).body['Code']).toBe('InvalidParameter.OIDCToken');
    });

    it('needs a role that trusts the provider', async () => {
      const r = await oidc(emu.mintOidcToken(), { RoleArn: emu.seed.roleArn });
      expect(r).toMatchObject({ status: 403, body: { Code: 'NoPermission' } });
    });
  });
});
