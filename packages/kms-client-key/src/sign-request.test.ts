import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importSigningKey } from './client-key';
import { canonicalQuery, getSecretValueParams, percentEncode, rpcStringToSign, signedQuery } from './sign-request';

// From /work/shared/reference/kms-fc-bearer.md §1.3: the string to sign that a loopback gateway verified.
const REFERENCE_STRING_TO_SIGN =
  'GET&%2F&AccessKeyId%3DKAAP.00000000-0000-4000-8000-000000000000%26Action%3DGetSecretValue%26FetchExtendedConfig%3Dtrue' +
  '%26Format%3DJSON%26RegionId%3Dcn-hangzhou%26SecretName%3Dacs%252Fram%252Fuser%252Fdemo%26SignatureMethod%3DSHA256withRSA' +
  '%26SignatureNonce%3D3f6c1e7a-0000-4000-8000-000000000001%26SignatureType%3DPRIVATEKEY%26SignatureVersion%3D1.0' +
  '%26Timestamp%3D2026-01-01T00%253A00%253A00Z%26Version%3D2016-01-20%26VersionStage%3DACSCurrent';

const params = getSecretValueParams({
  keyId: 'KAAP.00000000-0000-4000-8000-000000000000',
  secretName: 'acs/ram/user/demo',
  versionStage: 'ACSCurrent',
  regionId: 'cn-hangzhou',
  nonce: '3f6c1e7a-0000-4000-8000-000000000001',
  now: new Date('2026-01-01T00:00:00.123Z'),
});

describe('GetSecretValue signing', () => {
  it('builds the reference string to sign', () => {
    expect(rpcStringToSign('GET', params)).toBe(REFERENCE_STRING_TO_SIGN);
  });

  it('signs with RSASSA-PKCS1-v1_5/SHA-256 that the public key verifies, with the signature percent-encoded last', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const query = await signedQuery(params, await importSigningKey(pem));
    const [canonical, signaturePart] = query.split('&Signature=');
    expect(canonical).toBe(canonicalQuery(params));
    const signature = Buffer.from(decodeURIComponent(signaturePart!), 'base64');
    expect(verify('sha256', Buffer.from(REFERENCE_STRING_TO_SIGN), publicKey, signature)).toBe(true);
    // PKCS#1 v1.5 is deterministic: the PEM string path of core gives the same bytes.
    expect(await signedQuery(params, pem)).toBe(query);
  });

  it('percent-encodes the RFC 3986 way (space %20, * %2A, ~ kept) and sorts by code point', () => {
    expect(percentEncode("a b*c~!'()")).toBe('a%20b%2Ac~%21%27%28%29');
    expect(canonicalQuery({ b: '2', a: '1', 'ａ': '3', '😀': '4' })).toBe('a=1&b=2&%EF%BD%81=3&%F0%9F%98%80=4');
  });

  it('omits RegionId when no region is known', () => {
    const { RegionId, ...rest } = params;
    expect(RegionId).toBe('cn-hangzhou');
    expect(getSecretValueParams({ keyId: 'KAAP.x', secretName: 's', versionStage: 'ACSCurrent', nonce: 'n', now: new Date(0) })).toEqual({
      ...rest,
      AccessKeyId: 'KAAP.x',
      SecretName: 's',
      SignatureNonce: 'n',
      Timestamp: '1970-01-01T00:00:00Z',
    });
  });
});
