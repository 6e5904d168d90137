import { createHmac, createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { EmuResponse, KmsConfig } from '../../types';
import { ossService } from '../oss/index';
import { makeRequest, testState, userIdentity, type TestState } from '../oss/test-state';
import { kmsService, rpcStringToSign } from './index';
import { percentEncode } from '../../rpc/percent-encode';

// ali-oss's own V4 signer, so the OSS leg of the rotation test is signed independently of the emulator.
const signUtils = createRequire(import.meta.url)('ali-oss/lib/common/signUtils.js') as {
  authorizationV4(ak: string, sk: string, region: string, method: string, req: { headers: Record<string, string> }, bucket: string, key: string): string;
};

const KEY_ID = 'KAAP.00000000-0000-4000-8000-000000000000';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const ACCOUNT = '1234567890123456';
const T0 = new Date('2026-01-01T00:00:00Z');

function kmsState(now = T0, secrets?: KmsConfig['secrets']): TestState {
  return testState({
    now,
    config: {
      accounts: [{ accountId: ACCOUNT, users: [{ name: 'app', userId: '200000000000001', accessKeys: [] }] }],
      kms: {
        clientKeys: [{ keyId: KEY_ID, publicKeyPem }],
        secrets: secrets ?? [
          { name: 'acs/ram/user/app', type: 'RAMCredentials', userName: 'app', rotationSeconds: 3600, graceSeconds: 600 },
          { name: 'generic', type: 'Generic', value: 'hello' },
        ],
      },
      oss: { buckets: [{ name: 'bucket', accountId: ACCOUNT }] },
    },
    keys: [{ accessKeyId: 'AKHMAC', accessKeySecret: 'hmac-secret', identity: userIdentity(ACCOUNT) }],
  });
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A GetSecretValue request signed like the official Python/Go clients sign with a ClientKey. */
function signedRequest(
  state: TestState,
  extra: Record<string, string> = {},
  opts: { method?: 'GET' | 'POST'; hmac?: { id: string; secret: string }; tamper?: boolean; timestamp?: Date; nonce?: string } = {},
) {
  const method = opts.method ?? 'GET';
  const params: Record<string, string> = {
    Action: 'GetSecretValue',
    Version: '2016-01-20',
    Format: 'JSON',
    AccessKeyId: opts.hmac ? opts.hmac.id : KEY_ID,
    SignatureMethod: opts.hmac ? 'HMAC-SHA1' : 'SHA256withRSA',
    SignatureVersion: '1.0',
    SignatureNonce: opts.nonce ?? randomUUID(),
    Timestamp: iso(opts.timestamp ?? state.now()),
    RegionId: 'cn-hangzhou',
    SecretName: 'acs/ram/user/app',
    VersionStage: 'ACSCurrent',
    FetchExtendedConfig: 'true',
    ...(opts.hmac ? {} : { SignatureType: 'PRIVATEKEY' }),
    ...extra,
  };
  const sts = rpcStringToSign(method, Object.entries(params));
  let signature = opts.hmac
    ? createHmac('sha1', `${opts.hmac.secret}&`).update(sts).digest('base64')
    : createSign('sha256').update(sts).sign(privateKey, 'base64');
  if (opts.tamper) signature = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
  const query = Object.entries({ ...params, Signature: signature })
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
  return makeRequest({ method, host: 'kms.cn-hangzhou.aliyuncs.com', pathAndQuery: `/?${query}` });
}

const json = (res: EmuResponse) => JSON.parse(String(res.body)) as Record<string, any>;

describe('KMS RPC canonicalisation', () => {
  it('reproduces the reference string to sign of a ClientKey GetSecretValue', () => {
    const params = {
      AccessKeyId: KEY_ID, Action: 'GetSecretValue', FetchExtendedConfig: 'true', Format: 'JSON', RegionId: 'cn-hangzhou',
      SecretName: 'acs/ram/user/demo', SignatureMethod: 'SHA256withRSA', SignatureNonce: '3f6c1e7a-0000-4000-8000-000000000001',
      SignatureType: 'PRIVATEKEY', SignatureVersion: '1.0', Timestamp: '2026-01-01T00:00:00Z', Version: '2016-01-20', VersionStage: 'ACSCurrent',
    };
    expect(rpcStringToSign('GET', Object.entries(params))).toBe(
      'GET&%2F&AccessKeyId%3DKAAP.00000000-0000-4000-8000-000000000000%26Action%3DGetSecretValue%26FetchExtendedConfig%3Dtrue%26Format%3DJSON%26RegionId%3Dcn-hangzhou%26SecretName%3Dacs%252Fram%252Fuser%252Fdemo%26SignatureMethod%3DSHA256withRSA%26SignatureNonce%3D3f6c1e7a-0000-4000-8000-000000000001%26SignatureType%3DPRIVATEKEY%26SignatureVersion%3D1.0%26Timestamp%3D2026-01-01T00%253A00%253A00Z%26Version%3D2016-01-20%26VersionStage%3DACSCurrent',
    );
  });
});

describe('KMS GetSecretValue', () => {
  it('routes by action and by kms host', () => {
    const kms = kmsService();
    const state = kmsState();
    expect(kms.matches(signedRequest(state), state)).toBe(true);
    expect(kms.action(signedRequest(state))).toBe('GetSecretValue');
    expect(kms.matches(makeRequest({ method: 'GET', host: '127.0.0.1', pathAndQuery: '/?Action=AssumeRole' }), state)).toBe(false);
  });

  it('serves a RAMCredentials secret to a ClientKey-signed request', async () => {
    const state = kmsState();
    const res = await kmsService().handle(signedRequest(state), state);
    expect(res.status).toBe(200);
    const body = json(res);
    expect(body).toMatchObject({
      SecretName: 'acs/ram/user/app',
      SecretType: 'RAMCredentials',
      SecretDataType: 'text',
      VersionStages: { VersionStage: ['ACSCurrent'] },
      LastRotationDate: '2026-01-01T00:00:00Z',
      NextRotationDate: '2026-01-01T01:00:00Z',
      RotationInterval: '3600s',
      AutomaticRotation: 'Enabled',
      CreateTime: '2020-01-01T00:00:00Z',
    });
    expect(body['RequestId']).toEqual(expect.any(String));
    expect(body['VersionId']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(JSON.parse(body['ExtendedConfig'])).toEqual({ SecretSubType: 'RamUserAccessKey', UserName: 'app', CustomData: {} });
    const data = JSON.parse(body['SecretData']);
    expect(data).toEqual({ AccessKeyId: expect.stringMatching(/^LTAI[0-9A-F]{20}$/), AccessKeySecret: expect.any(String), GenerateTimestamp: '2026-01-01T00:00:00Z' });
    expect(data.AccessKeySecret).toHaveLength(30);
    const record = state.findAccessKey(data.AccessKeyId)!;
    expect(record.accessKeySecret).toBe(data.AccessKeySecret);
    expect(record.expiration).toEqual(new Date('2026-01-01T01:10:00Z'));
    expect(record.identity).toMatchObject({ accountId: ACCOUNT, arn: `acs:ram::${ACCOUNT}:user/app`, identityType: 'RAMUser' });
  });

  it('also accepts POST with the parameters in the query, and HMAC-SHA1 AccessKey signatures', async () => {
    const state = kmsState();
    expect((await kmsService().handle(signedRequest(state, {}, { method: 'POST' }), state)).status).toBe(200);
    const res = await kmsService().handle(signedRequest(state, {}, { hmac: { id: 'AKHMAC', secret: 'hmac-secret' } }), state);
    expect(res.status).toBe(200);
    const bad = await kmsService().handle(signedRequest(state, {}, { hmac: { id: 'AKHMAC', secret: 'wrong' } }), state);
    expect(json(bad)['Code']).toBe('SignatureDoesNotMatch');
  });

  it('rejects a signature with one character changed, showing the server string to sign', async () => {
    const state = kmsState();
    const req = signedRequest(state, {}, { tamper: true });
    const res = await kmsService().handle(req, state);
    expect(res.status).toBe(400);
    const body = json(res);
    expect(body).toMatchObject({ Code: 'SignatureDoesNotMatch', HostId: 'kms.cn-hangzhou.aliyuncs.com', Recommend: expect.any(String) });
    expect(body['Message']).toContain(`server string to sign is:${rpcStringToSign('GET', [...req.query])}`);
    expect(body['RequestId']).toEqual(expect.any(String));
  });

  it('gives the gateway errors for unknown keys, stale timestamps, replayed nonces and unknown secrets', async () => {
    const state = kmsState();
    const kms = kmsService();
    const unknown = await kms.handle(signedRequest(state, { AccessKeyId: 'KAAP.unknown' }), state);
    expect([unknown.status, json(unknown)['Code']]).toEqual([404, 'InvalidAccessKeyId.NotFound']);
    const stale = await kms.handle(signedRequest(state, {}, { timestamp: new Date(T0.getTime() - 16 * 60_000) }), state);
    expect([stale.status, json(stale)['Code']]).toEqual([400, 'InvalidTimeStamp.Expired']);
    const first = await kms.handle(signedRequest(state, {}, { nonce: 'n-1' }), state);
    const replay = await kms.handle(signedRequest(state, {}, { nonce: 'n-1' }), state);
    expect([first.status, json(replay)['Code']]).toEqual([200, 'SignatureNonceUsed']);
    const missing = await kms.handle(signedRequest(state, { SecretName: 'nope' }), state);
    expect([missing.status, json(missing)['Code']]).toEqual([404, 'Forbidden.ResourceNotFound']);
    const stage = await kms.handle(signedRequest(state, { VersionStage: 'ACSPending' }), state);
    expect(json(stage)['Code']).toBe('InvalidParameter');
    const version = await kms.handle(signedRequest(state, { Version: '2015-04-01' }), state);
    expect(json(version)['Code']).toBe('InvalidVersion');
  });

  it('serves Generic secrets as configured', async () => {
    const state = kmsState();
    const body = json(await kmsService().handle(signedRequest(state, { SecretName: `acs:kms:cn-hangzhou:${ACCOUNT}:secret/generic` }), state));
    expect(body).toMatchObject({ SecretName: 'generic', SecretType: 'Generic', SecretData: 'hello', AutomaticRotation: 'Disabled' });
    expect(body['NextRotationDate']).toBeUndefined();
  });

  it('rotates the AccessKey each interval; the old one works through the grace period, then stops', async () => {
    const state = kmsState(new Date('2026-01-01T00:30:00Z'));
    const kms = kmsService();
    const oss = ossService();
    const fetchKey = async (stage = 'ACSCurrent') =>
      JSON.parse(json(await kms.handle(signedRequest(state, { VersionStage: stage }), state))['SecretData']) as {
        AccessKeyId: string;
        AccessKeySecret: string;
      };
    const putWith = async (key: { AccessKeyId: string; AccessKeySecret: string }) => {
      const dt = state.now().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
      const headers: Record<string, string> = { 'x-oss-date': dt, 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD' };
      headers['authorization'] = signUtils.authorizationV4(key.AccessKeyId, key.AccessKeySecret, 'cn-hangzhou', 'PUT', { headers }, 'bucket', 'k');
      const res = await oss.handle(makeRequest({ method: 'PUT', host: '127.0.0.1', pathAndQuery: '/bucket/k', headers, body: 'x' }), state);
      return { status: res.status, code: /<Code>(\w+)<\/Code>/.exec(String(res.body ?? ''))?.[1] };
    };

    const first = await fetchKey();
    expect(await fetchKey()).toEqual(first); // deterministic within a generation
    expect(await putWith(first)).toEqual({ status: 200, code: undefined });

    state.setNow(new Date('2026-01-01T01:05:00Z')); // rotated 5 minutes ago; grace is 10 minutes
    const second = await fetchKey();
    expect(second.AccessKeyId).not.toBe(first.AccessKeyId);
    expect(await fetchKey('ACSPrevious')).toEqual(first);
    expect(await putWith(first)).toEqual({ status: 200, code: undefined });
    expect(await putWith(second)).toEqual({ status: 200, code: undefined });

    state.setNow(new Date('2026-01-01T01:10:01Z')); // grace over
    expect(await putWith(first)).toEqual({ status: 403, code: 'InvalidAccessKeyId' });
    expect(await putWith(second)).toEqual({ status: 200, code: undefined });
  });

  it('never crashes on a broken registered public key', async () => {
    const state = kmsState();
    state.config.kms.clientKeys[0] = { keyId: KEY_ID, publicKeyPem: 'not a key' };
    const res = await kmsService().handle(signedRequest(state), state);
    expect(json(res)['Code']).toBe('SignatureDoesNotMatch');
  });
});

describe('KMS faults', () => {
  it('expiredCredentials hands out a key that is already past its grace period, leaving the real one alone', async () => {
    const state = kmsState();
    const kms = kmsService();
    const real = JSON.parse(json(await kms.handle(signedRequest(state), state))['SecretData']);
    const faulty = Object.assign(Object.create(state) as TestState, { expiredCredentials: true });
    const body = json(await kms.handle(signedRequest(state), faulty));
    const stale = JSON.parse(body['SecretData']);
    expect(stale.AccessKeyId).not.toBe(real.AccessKeyId);
    expect(Date.parse(body['NextRotationDate'])).toBeLessThan(T0.getTime() - 5 * 60_000);
    expect(state.findAccessKey(stale.AccessKeyId)!.expiration!.getTime()).toBeLessThan(T0.getTime());
    expect(state.findAccessKey(real.AccessKeyId)!.expiration!.getTime()).toBeGreaterThan(T0.getTime());
  });
});
