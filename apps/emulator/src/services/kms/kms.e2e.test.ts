import { createSign, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRpc } from '../../../test/helpers';
import { startEmulator, type Emulator } from '../../index';
import { generateClientKey, type GeneratedClientKey } from '../../kms-client-key';
import { percentEncode } from '../../rpc/percent-encode';
import { rpcStringToSign } from './index';

let emu: Emulator;
let ck: GeneratedClientKey;
const T0 = new Date('2026-01-01T00:30:00Z');

beforeAll(async () => {
  ck = generateClientKey({ format: 'legacy-3des' });
  emu = await startEmulator({ now: T0, config: { kms: { clientKeys: [{ keyId: ck.keyId, publicKeyPem: ck.publicKeyPem }] } } });
});
afterAll(() => emu?.close());

/** GetSecretValue over HTTP, signed with the ClientKey the way the official secrets-manager clients do. */
async function getSecretValue(secretName: string, stage = 'ACSCurrent') {
  const params: Record<string, string> = {
    Action: 'GetSecretValue', Version: '2016-01-20', Format: 'JSON', AccessKeyId: ck.keyId,
    SignatureMethod: 'SHA256withRSA', SignatureType: 'PRIVATEKEY', SignatureVersion: '1.0', SignatureNonce: randomUUID(),
    Timestamp: emu.now().toISOString().replace(/\.\d{3}Z$/, 'Z'), RegionId: 'cn-hangzhou',
    SecretName: secretName, VersionStage: stage, FetchExtendedConfig: 'true',
  };
  const signature = createSign('sha256').update(rpcStringToSign('GET', Object.entries(params))).sign(ck.privateKeyPem, 'base64');
  const query = Object.entries({ ...params, Signature: signature }).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  const res = await fetch(`${emu.url}/?${query}`);
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

const whoAmI = (key: { AccessKeyId: string; AccessKeySecret: string }) =>
  callRpc(emu.url, { action: 'GetCallerIdentity', accessKeyId: key.AccessKeyId, accessKeySecret: key.AccessKeySecret, timestamp: emu.now() });

describe('KMS through the running emulator', () => {
  it('hands out a rotating AccessKey that STS accepts until the grace period after its rotation', async () => {
    const seedSecret = emu.seed.kmsSecretName ?? 'emulator-ram-secret';
    const first = await getSecretValue(seedSecret);
    expect(first.status).toBe(200);
    expect(first.body['NextRotationDate']).toBe('2026-01-01T01:00:00Z');
    const key1 = JSON.parse(first.body['SecretData']!) as { AccessKeyId: string; AccessKeySecret: string };
    const id1 = await whoAmI(key1);
    expect(id1.status).toBe(200);
    expect(id1.body['Arn']).toBe(`acs:ram::${emu.seed.accountId}:user/kms-rotated-user`);

    emu.setNow(new Date('2026-01-01T01:05:00Z'));
    const key2 = JSON.parse((await getSecretValue(seedSecret)).body['SecretData']!) as typeof key1;
    expect(key2.AccessKeyId).not.toBe(key1.AccessKeyId);
    expect((await whoAmI(key1)).status).toBe(200); // inside the 10-minute grace period
    expect((await whoAmI(key2)).status).toBe(200);

    emu.setNow(new Date('2026-01-01T01:10:01Z'));
    const expired = await whoAmI(key1);
    expect(expired.status).toBe(404);
    expect(expired.body['Code']).toBe('InvalidAccessKeyId.NotFound');
    expect((await whoAmI(key2)).status).toBe(200);
    expect(emu.requests({ service: 'kms', action: 'GetSecretValue' }).length).toBe(2);
  });

  it('answers a bad signature with the KMS JSON error', async () => {
    emu.setNow(T0);
    const params = new URLSearchParams({
      Action: 'GetSecretValue', Version: '2016-01-20', AccessKeyId: ck.keyId, SignatureMethod: 'SHA256withRSA', SignatureType: 'PRIVATEKEY',
      SignatureVersion: '1.0', SignatureNonce: randomUUID(), Timestamp: '2026-01-01T00:30:00Z', SecretName: 'emulator-ram-secret', Signature: 'AAAA',
    });
    const res = await fetch(`${emu.url}/?${params.toString().replace(/\+/g, '%20')}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, string>;
    expect(body['Code']).toBe('SignatureDoesNotMatch');
    expect(body['Message']).toContain('server string to sign is:GET&%2F&AccessKeyId');
  });
});
