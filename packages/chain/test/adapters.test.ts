import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import * as OpenApi from '@alicloud/openapi-client';
import Sts from '@alicloud/sts20150401';
import { fromBearerToken } from '@alicred/bearer';
import { createCredentials, type CredentialProvider } from '@alicred/core';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromConfig, toAliOssOptions, toTeaCredential } from '../src/index';

// The real official clients, pointed at the emulator on 127.0.0.1.
const StsClient = ((Sts as unknown as { default?: typeof Sts }).default ?? Sts) as typeof Sts;
const OSS = createRequire(import.meta.url)('ali-oss') as new (options: Record<string, unknown>) => {
  put(key: string, body: Buffer): Promise<{ res: { status: number } }>;
  get(key: string): Promise<{ content: Buffer }>;
  options: { accessKeyId: string; stsToken?: string };
};

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

function counting(provider: CredentialProvider) {
  const counter = { calls: 0 };
  const wrapped: CredentialProvider = (options) => {
    counter.calls += 1;
    return provider(options);
  };
  return { provider: wrapped, counter };
}

describe('toTeaCredential: the credential of the official TypeScript SDKs', () => {
  function sts(credential: unknown) {
    return new StsClient(new OpenApi.Config({ credential: credential as never, endpoint: emu.url.replace('http://', ''), protocol: 'http', regionId: 'cn-hangzhou' }));
  }

  it('@alicloud/sts20150401 calls GetCallerIdentity with an AccessKey from fromConfig', async () => {
    const provider = fromConfig({ type: 'access_key', accessKeyId: emu.seed.accessKeyId, accessKeySecret: emu.seed.accessKeySecret, env: {} });
    const who = await sts(toTeaCredential(provider)).getCallerIdentity();
    expect(who.body?.arn).toBe(emu.seed.userArn);
    expect(who.body?.identityType).toBe('RAMUser');
  });

  it('with role credentials (SecurityToken sent) the SDK is the role; the provider is asked on each call and its cache answers', async () => {
    const { provider, counter } = counting(
      fromConfig({ type: 'ram_role_arn', accessKeyId: emu.seed.accessKeyId, accessKeySecret: emu.seed.accessKeySecret, roleArn: emu.seed.roleArn, roleSessionName: 'sdk', stsEndpoint: emu.url, env: {} }),
    );
    const client = sts(toTeaCredential(provider));
    const first = await client.getCallerIdentity();
    const second = await client.getCallerIdentity();
    expect(first.body?.identityType).toBe('AssumedRoleUser');
    expect(second.body?.arn).toBe(first.body?.arn);
    expect(counter.calls).toBe(2);
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(1);
  });

  it('a wrong secret reaches the SDK as the real STS error', async () => {
    const provider = fromConfig({ type: 'access_key', accessKeyId: emu.seed.accessKeyId, accessKeySecret: 'wrong', env: {} });
    await expect(sts(toTeaCredential(provider)).getCallerIdentity()).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('getCredential() has the CredentialModel fields; secrets are readable but never printed', async () => {
    const credential = toTeaCredential(async () =>
      createCredentials({ accessKeyId: 'STS.Model', accessKeySecret: 'model-secret', securityToken: 'model-token', providerName: 'test' }),
    );
    expect(credential.getType()).toBe('default');
    const model = await credential.getCredential();
    expect([model.accessKeyId, model.accessKeySecret, model.securityToken, model.bearerToken, model.type, model.providerName]).toEqual([
      'STS.Model',
      'model-secret',
      'model-token',
      undefined,
      'sts',
      'test',
    ]);
    const printed = [JSON.stringify(model), String(model), inspect(model), JSON.stringify({ ...model })].join(' ');
    expect(printed).not.toMatch(/model-secret|model-token/);
    expect(printed).toContain('STS.Model');
    expect(credential.getType()).toBe('sts');
    expect(await credential.getAccessKeyId()).toBe('STS.Model');
    expect(await credential.getAccessKeySecret()).toBe('model-secret');
    expect(await credential.getSecurityToken()).toBe('model-token');
  });

  it('an AccessKey without token is type access_key', async () => {
    const model = await toTeaCredential(fromConfig({ type: 'access_key', accessKeyId: 'LTAI5tA', accessKeySecret: 's', env: {} })).getCredential();
    expect(model.type).toBe('access_key');
    expect(model.securityToken).toBeUndefined();
  });

  it('bearer providers give type bearer, which the OpenAPI client sends as x-acs-bearer-token', async () => {
    const credential = toTeaCredential(fromBearerToken({ token: 'ccc-bearer' }));
    const model = await credential.getCredential();
    expect(model.type).toBe('bearer');
    expect(model.bearerToken).toBe('ccc-bearer');
    expect(credential.getBearerToken()).toBe('ccc-bearer');
    expect(JSON.stringify(model)).not.toContain('ccc-bearer');
  });
});

describe('toAliOssOptions: ali-oss with refresh driven by alicred', () => {
  function oss(options: object) {
    return new OSS({ ...options, region: 'oss-cn-hangzhou', bucket: emu.seed.bucket, endpoint: emu.url, secure: false, retryMax: 0, authorizationV4: true });
  }

  it('STS credentials from the credentials URI: ali-oss asks the provider before each request, the cache answers', async () => {
    const { provider, counter } = counting(fromConfig({ type: 'credentials_uri', credentialsURI: `${emu.url}${emu.seed.credentialsPath}`, env: {} }));
    const options = await toAliOssOptions(provider);
    expect(options.stsToken).toBeTruthy();
    expect(options.refreshSTSTokenInterval).toBe(0);
    const client = oss(options);
    await client.put('chain/a.txt', Buffer.from('from alicred'));
    expect((await client.get('chain/a.txt')).content.toString()).toBe('from alicred');
    expect(counter.calls).toBeGreaterThanOrEqual(2);
    expect(emu.requests({ service: 'uri' })).toHaveLength(1);
  });

  it('when alicred refreshes, the next ali-oss request uses the new credentials', async () => {
    const provider = fromConfig({ type: 'credentials_uri', credentialsURI: `${emu.url}${emu.seed.credentialsPath}`, env: {} });
    const client = oss(await toAliOssOptions(provider));
    await client.put('chain/b.txt', Buffer.from('one'));
    const before = client.options.accessKeyId;
    const renewed = await provider({ forceRefresh: true });
    expect(renewed.accessKeyId).not.toBe(before);
    await client.put('chain/b.txt', Buffer.from('two'));
    expect(client.options.accessKeyId).toBe(renewed.accessKeyId);
    expect(client.options.stsToken).toBe(renewed.securityToken);
    expect((await client.get('chain/b.txt')).content.toString()).toBe('two');
  });

  it('a long-term AccessKey gives id and secret only; the options never print the secret', async () => {
    const options = await toAliOssOptions(fromConfig({ type: 'access_key', accessKeyId: emu.seed.accessKeyId, accessKeySecret: emu.seed.accessKeySecret, env: {} }));
    expect(Object.keys(options).sort()).toEqual(['accessKeyId', 'accessKeySecret']);
    const client = oss(options);
    await client.put('chain/c.txt', Buffer.from('ak'));
    expect(JSON.stringify(options) + inspect(options)).not.toContain(emu.seed.accessKeySecret);
  });
});
