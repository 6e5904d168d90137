import { fromStatic } from '@alicred/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildOssUrl, clearSigningKeyCache, presignOssRequest, signOssRequest } from './index';
import { signingKeyCacheSize } from './signing-key';

const signingDate = new Date('2023-12-16T16:20:57Z');
const base = { credentials: { accessKeyId: 'ak', accessKeySecret: 'sk', providerName: 't' }, region: 'cn-hangzhou', signingDate };

describe('signOssRequest details', () => {
  it('accepts a provider and an oss- prefixed region, and signs the same as bare values', async () => {
    const request = { method: 'put', bucket: 'b', key: 'k' };
    const a = await signOssRequest(request, base);
    const b = await signOssRequest(request, { ...base, region: 'oss-cn-hangzhou', credentials: fromStatic({ accessKeyId: 'ak', accessKeySecret: 'sk' }) });
    expect(b.headers.authorization).toBe(a.headers.authorization);
    expect(a.headers.authorization).toContain('/cn-hangzhou/oss/aliyun_v4_request');
  });

  it('keeps a caller payload hash, replaces a stale authorization and drops a token the credentials lack', async () => {
    const hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const { headers } = await signOssRequest(
      { method: 'PUT', bucket: 'b', key: 'k', headers: { 'X-Oss-Content-Sha256': hash, Authorization: 'old', 'x-oss-security-token': 'stale' } },
      base,
    );
    expect(headers['x-oss-content-sha256']).toBe(hash);
    expect(headers.authorization).not.toBe('old');
    expect(headers['x-oss-security-token']).toBeUndefined();
  });

  it('a different secret or day gives a different signature (the key cache is keyed by both)', async () => {
    clearSigningKeyCache();
    const request = { method: 'GET', bucket: 'b', key: 'k' };
    const one = await signOssRequest(request, base);
    const other = await signOssRequest(request, { ...base, credentials: { ...base.credentials, accessKeySecret: 'sk2' } });
    const nextDay = await signOssRequest(request, { ...base, signingDate: new Date('2023-12-17T16:20:57Z') });
    expect(new Set([one, other, nextDay].map((r) => r.headers.authorization)).size).toBe(3);
    // A secret replaced in place on the same (mutable) object must not reuse the old key.
    const mutable = { ...base.credentials };
    const before = await signOssRequest(request, { ...base, credentials: mutable });
    mutable.accessKeySecret = 'sk2';
    const after = await signOssRequest(request, { ...base, credentials: mutable });
    expect(before.headers.authorization).toBe(one.headers.authorization);
    expect(after.headers.authorization).toBe(other.headers.authorization);
  });

  it('the hot-path memos (scope, canonical URI, header names) never leak one request into the next', async () => {
    const a = { method: 'PUT', bucket: 'b', key: 'a b', headers: { 'Content-Type': 'text/plain', 'x-oss-meta-a': '1' } };
    const b = { method: 'GET', bucket: 'b2', key: 'k', headers: { 'x-oss-meta-z': '2', host: 'b2.example' } };
    const first = (await signOssRequest(a, base)).headers.authorization;
    const other = await signOssRequest(b, { ...base, region: 'cn-shanghai', product: 'oss-cloudbox', additionalHeaders: ['host'] });
    expect(other.headers.authorization).toContain('/cn-shanghai/oss-cloudbox/aliyun_v4_request,AdditionalHeaders=host,');
    // Same names, other values: the block is rebuilt even though the signed names are remembered.
    const changed = await signOssRequest({ ...a, headers: { 'Content-Type': 'text/html', 'x-oss-meta-a': '1' } }, base);
    expect(changed.headers.authorization).not.toBe(first);
    clearSigningKeyCache();
    expect((await signOssRequest(a, base)).headers.authorization).toBe(first);
    // A bad region right after a good one is still refused.
    await expect(signOssRequest(a, { ...base, region: 'CN_HANGZHOU' })).rejects.toMatchObject({ code: 'InvalidConfiguration' });
  });

  it('bounds the signing-key cache', async () => {
    clearSigningKeyCache();
    for (let i = 0; i < 120; i++) {
      await signOssRequest({ method: 'GET' }, { ...base, credentials: { ...base.credentials, accessKeySecret: `secret-${i}` } });
    }
    expect(signingKeyCacheSize()).toBeLessThanOrEqual(50);
    expect(signingKeyCacheSize()).toBeGreaterThan(0);
  });
});

describe('presignOssRequest details', () => {
  beforeEach(() => clearSigningKeyCache());

  it('defaults to 900 s and returns the headers the URL user must send', async () => {
    const r = await presignOssRequest(
      { method: 'PUT', bucket: 'b', key: 'a b/c+d.txt', headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache', Host: 'b.example' } },
      { ...base, additionalHeaders: ['host'], endpoint: 'https://oss-cn-hangzhou.aliyuncs.com' },
    );
    expect(r.query['x-oss-expires']).toBe('900');
    expect(r.query['x-oss-additional-headers']).toBe('host');
    expect(r.signedHeaders).toEqual({ 'content-type': 'text/plain', host: 'b.example' });
    expect(r.url).toMatch(/^https:\/\/b\.oss-cn-hangzhou\.aliyuncs\.com\/a%20b\/c%2Bd\.txt\?/);
    expect(new URL(r.url!).searchParams.get('x-oss-signature')).toBe(r.query['x-oss-signature']);
  });

  it('builds path-style URLs for IP endpoints and keeps a CNAME as given', async () => {
    const ip = await presignOssRequest({ method: 'GET', bucket: 'b', key: 'k' }, { ...base, endpoint: 'http://127.0.0.1:9000/' });
    expect(ip.url).toMatch(/^http:\/\/127\.0\.0\.1:9000\/b\/k\?/);
    const cname = await presignOssRequest({ method: 'GET', bucket: 'b', key: 'k' }, { ...base, endpoint: 'https://cdn.example.com', urlStyle: 'cname' });
    expect(cname.url).toMatch(/^https:\/\/cdn\.example\.com\/k\?/);
    expect(buildOssUrl('https://oss-cn-hangzhou.aliyuncs.com', { bucket: 'b', key: 'a b.txt', query: { acl: '' } })).toBe(
      'https://b.oss-cn-hangzhou.aliyuncs.com/a%20b.txt?acl',
    );
    // Each style with a key that needs encoding, with a `/` in it, and with no key at all.
    const key = 'dir/a b+c.txt';
    expect(buildOssUrl('http://127.0.0.1:9000/base/', { bucket: 'b', key })).toBe('http://127.0.0.1:9000/base/b/dir/a%20b%2Bc.txt');
    expect(buildOssUrl('https://oss.example', { bucket: 'b', key }, 'virtual-host')).toBe('https://b.oss.example/dir/a%20b%2Bc.txt');
    expect(buildOssUrl('https://b.oss.example', { bucket: 'b', key })).toBe('https://b.oss.example/dir/a%20b%2Bc.txt');
    expect(buildOssUrl('https://oss.example', { bucket: 'b' })).toBe('https://b.oss.example/');
    expect(buildOssUrl('https://oss.example', {})).toBe('https://oss.example/');
    expect(() => buildOssUrl('https://oss.example', { bucket: 'a/b', key })).toThrow(/request\.bucket/);
  });

  it('the remembered auth-parameter encodings never carry one presign into the next', async () => {
    const request = { method: 'GET', bucket: 'b', key: 'k', query: { 'x-oss-process': 'image/resize,w_100' } };
    const options = { ...base, endpoint: 'https://oss.example', credentials: { ...base.credentials, securityToken: 'tok+en/1=' } };
    const first = await presignOssRequest(request, options);
    // Another id, and a token changed in place on the same (plain, mutable) credentials object.
    const otherId = await presignOssRequest(request, { ...options, credentials: { ...options.credentials, accessKeyId: 'ak2' } });
    options.credentials.securityToken = 'tok+en/2=';
    const otherToken = await presignOssRequest(request, options);
    const params = (url: string | undefined) => new URL(url!).searchParams;
    expect(params(otherId.url).get('x-oss-credential')).toBe('ak2/20231216/cn-hangzhou/oss/aliyun_v4_request');
    expect(params(otherToken.url).get('x-oss-security-token')).toBe('tok+en/2=');
    expect(otherToken.url).toContain('x-oss-security-token=tok%2Ben%2F2%3D');
    expect(new Set([first.url, otherId.url, otherToken.url]).size).toBe(3);
    // The caller's own x-oss-* parameter is kept and signed; going back gives the first URL exactly.
    expect(params(first.url).get('x-oss-process')).toBe('image/resize,w_100');
    options.credentials.securityToken = 'tok+en/1=';
    expect((await presignOssRequest(request, options)).url).toBe(first.url);
  });

  it('replaces auth parameters left from an earlier presign', async () => {
    const first = await presignOssRequest({ method: 'GET', bucket: 'b', key: 'k' }, base);
    const again = await presignOssRequest({ method: 'GET', bucket: 'b', key: 'k', query: first.query }, base);
    expect(again.query).toEqual(first.query);
  });
});
