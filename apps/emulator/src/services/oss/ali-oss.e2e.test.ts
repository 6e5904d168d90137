import { createSign, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../index';
import { generateClientKey, type GeneratedClientKey } from '../../kms-client-key';
import { rpcStringToSign } from '../kms/index';
import { percentEncode } from '../../rpc/percent-encode';

// The official OSS client, pointed at the emulator on 127.0.0.1, no retries. With an IP endpoint ali-oss
// sends `Host: <bucket>.oss-<region>.aliyuncs.com` and the path `/<key>` (virtual-host style, no DNS
// involved); with `sldEnable` it puts the bucket in the path instead (path style), which is what its
// presigned URLs need here, since a URL cannot carry a Host header.
const OSS = createRequire(import.meta.url)('ali-oss') as new (options: Record<string, unknown>) => any;

let emu: Emulator;
let clientKey: GeneratedClientKey;
const STS = { accessKeyId: 'STS.EmulatorE2E', accessKeySecret: 'sts-e2e-secret', securityToken: 'sts-e2e-token' };

beforeAll(async () => {
  clientKey = generateClientKey();
  // Real clock: ali-oss stamps requests with `new Date()`.
  emu = await startEmulator({
    accessKeys: [STS],
    config: { kms: { clientKeys: [{ keyId: clientKey.keyId, publicKeyPem: clientKey.publicKeyPem }] } },
  });
});
afterAll(() => emu?.close());
beforeEach(() => emu.reset());

function client(extra: Record<string, unknown> = {}) {
  return new OSS({
    region: 'oss-cn-hangzhou', // ali-oss strips "oss-" for the V4 scope
    accessKeyId: emu.seed.accessKeyId,
    accessKeySecret: emu.seed.accessKeySecret,
    bucket: emu.seed.bucket,
    endpoint: emu.url,
    secure: false,
    retryMax: 0,
    timeout: 10_000,
    ...extra,
  });
}

describe('ali-oss against the emulator', () => {
  for (const authorizationV4 of [true, false]) {
    it(`puts, gets, heads, lists and deletes an object (${authorizationV4 ? 'V4' : 'V1'} signatures)`, async () => {
      const oss = client({ authorizationV4 });
      const key = `e2e/${authorizationV4 ? 'v4' : 'v1'} object+1.txt`;
      const put = await oss.put(key, Buffer.from('hello emulator'), { mime: 'text/plain', meta: { who: 'e2e' } });
      expect(put.res.status).toBe(200);
      const got = await oss.get(key);
      expect(got.content.toString()).toBe('hello emulator');
      expect(got.res.headers['content-type']).toBe('text/plain');
      const head = await oss.head(key);
      expect(head.meta).toEqual({ who: 'e2e' });
      const listed = await oss.listV2({ prefix: 'e2e/', 'max-keys': 10 });
      expect(listed.objects.map((o: { name: string }) => o.name)).toEqual([key]);
      await oss.delete(key);
      await expect(oss.get(key)).rejects.toMatchObject({ code: 'NoSuchKey', status: 404 });
      const auth = emu.requests({ service: 'oss', action: 'PutObject' });
      expect(auth).toHaveLength(1);
    });
  }

  it('rejects a wrong secret with SignatureDoesNotMatch', async () => {
    const oss = client({ authorizationV4: true, accessKeySecret: 'not-the-secret' });
    await expect(oss.put('x', Buffer.from('x'))).rejects.toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
  });

  it('works with STS credentials (x-oss-security-token) and refuses the key without its token', async () => {
    const oss = client({ authorizationV4: true, accessKeyId: STS.accessKeyId, accessKeySecret: STS.accessKeySecret, stsToken: STS.securityToken });
    await oss.put('sts.txt', Buffer.from('sts'));
    expect((await oss.get('sts.txt')).content.toString()).toBe('sts');
    const noToken = client({ authorizationV4: true, accessKeyId: STS.accessKeyId, accessKeySecret: STS.accessKeySecret });
    await expect(noToken.get('sts.txt')).rejects.toMatchObject({ code: 'InvalidAccessKeyId', status: 403 });
  });

  it('serves V4 and V1 presigned URLs made by ali-oss', async () => {
    await client({ authorizationV4: true }).put('presigned.txt', Buffer.from('signed url'));
    const oss = client({ sldEnable: true });
    const v4Url: string = await oss.signatureUrlV4('GET', 600, undefined, 'presigned.txt');
    expect(v4Url).toContain('x-oss-signature=');
    const v4Res = await fetch(v4Url);
    expect([v4Res.status, await v4Res.text()]).toEqual([200, 'signed url']);
    // ali-oss refuses V1 URLs for an IP endpoint; sign for "localhost" (V1 does not sign the host) and
    // send it to 127.0.0.1, so nothing depends on how localhost resolves.
    const named = client({ sldEnable: true, endpoint: emu.url.replace('127.0.0.1', 'localhost') });
    const v1Url: string = named.signatureUrl('presigned.txt', { expires: 600 }).replace('//localhost:', '//127.0.0.1:');
    expect(v1Url).toContain('OSSAccessKeyId=');
    const v1Res = await fetch(v1Url);
    expect([v1Res.status, await v1Res.text()]).toEqual([200, 'signed url']);
    const tampered = await fetch(v4Url.replace(/x-oss-signature=([0-9a-f])/, (_, c: string) => `x-oss-signature=${c === 'a' ? 'b' : 'a'}`));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('accepts the AccessKey that KMS hands out for a ClientKey-signed GetSecretValue', async () => {
    const params: Record<string, string> = {
      Action: 'GetSecretValue', Version: '2016-01-20', Format: 'JSON', AccessKeyId: clientKey.keyId,
      SignatureMethod: 'SHA256withRSA', SignatureType: 'PRIVATEKEY', SignatureVersion: '1.0',
      SignatureNonce: randomUUID(), Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      SecretName: emu.seed.kmsSecretName ?? 'emulator-ram-secret', VersionStage: 'ACSCurrent', FetchExtendedConfig: 'true',
    };
    const signature = createSign('sha256').update(rpcStringToSign('GET', Object.entries(params))).sign(clientKey.privateKeyPem, 'base64');
    const query = Object.entries({ ...params, Signature: signature }).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
    const res = await fetch(`${emu.url}/?${query}`); // routed by Action=GetSecretValue
    expect(res.status).toBe(200);
    const body = (await res.json()) as { SecretData: string; SecretType: string };
    expect(body.SecretType).toBe('RAMCredentials');
    const data = JSON.parse(body.SecretData) as { AccessKeyId: string; AccessKeySecret: string };
    const oss = client({ authorizationV4: true, accessKeyId: data.AccessKeyId, accessKeySecret: data.AccessKeySecret });
    expect((await oss.put('kms.txt', Buffer.from('rotated'))).res.status).toBe(200);
    expect(emu.requests({ service: 'kms', action: 'GetSecretValue' })).toHaveLength(1);
  });
});
