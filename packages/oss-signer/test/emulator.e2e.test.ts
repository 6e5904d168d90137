// End to end: what this package signs, the emulator (apps/emulator, an independent verifier written from the
// spec and pinned to the same official vectors) accepts. Loopback only.
import { startEmulator, type Emulator } from '@alicred/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildOssUrl, presignOssRequest, presignOssRequestV1, signOssRequest, signOssRequestV1 } from '../src/index';

const STS = { accessKeyId: 'STS.OssSignerE2E', accessKeySecret: 'oss-signer-e2e-secret', securityToken: 'oss-signer-e2e-token' };
let emu: Emulator;
let credentials: { accessKeyId: string; accessKeySecret: string; providerName: string };
let bucket: string;

beforeAll(async () => {
  emu = await startEmulator({ accessKeys: [STS] });
  credentials = { accessKeyId: emu.seed.accessKeyId, accessKeySecret: emu.seed.accessKeySecret, providerName: 'test' };
  bucket = emu.seed.bucket!;
});
afterAll(() => emu?.close());
beforeEach(() => emu.reset());

const KEYS = ['plain.txt', 'dir/a b+c%d.txt', 'ünï/中文 😀.txt', "sub-delims!'()*.txt"];

describe('the emulator accepts what the signer signs', () => {
  it.each(KEYS)('V4 header: PUT then GET %s (query parameters included)', async (key) => {
    const put = { method: 'PUT', bucket, key, headers: { 'Content-Type': 'text/plain', 'x-oss-meta-who': 'e2e' } };
    const signed = await signOssRequest(put, { credentials, region: 'cn-hangzhou' });
    const res = await fetch(buildOssUrl(emu.url, put), { method: 'PUT', headers: signed.headers, body: `body of ${key}` });
    expect(res.status, await res.clone().text()).toBe(200);

    const get = { method: 'GET', bucket, key, query: { 'response-content-type': 'text/x-e2e', 'x-param': 'a/b c' } };
    const g = await signOssRequest(get, { credentials, region: 'oss-cn-hangzhou', additionalHeaders: ['host'] });
    const got = await fetch(buildOssUrl(emu.url, get), { headers: g.headers });
    expect(got.status, await got.clone().text()).toBe(200);
    expect(await got.text()).toBe(`body of ${key}`);
  });

  it('V4 header with STS credentials, and a wrong secret is refused', async () => {
    // fetch adds `content-type: text/plain;charset=UTF-8` to a string body, and content-type is always signed:
    // name it in the request so the signature covers what is sent.
    const request = { method: 'PUT', bucket, key: 'sts.txt', headers: { 'content-type': 'text/plain;charset=UTF-8' } };
    const { headers } = await signOssRequest(request, { credentials: { ...STS, providerName: 'test' }, region: 'cn-hangzhou' });
    const ok = await fetch(buildOssUrl(emu.url, request), { method: 'PUT', headers, body: 'sts' });
    expect(ok.status, await ok.clone().text()).toBe(200);
    const bad = await signOssRequest(request, { credentials: { ...credentials, accessKeySecret: 'wrong' }, region: 'cn-hangzhou' });
    const refused = await fetch(buildOssUrl(emu.url, request), { method: 'PUT', headers: bad.headers, body: 'x' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('SignatureDoesNotMatch');
  });

  it.each(KEYS)('V4 presigned PUT (with signed headers) and GET: %s', async (key) => {
    const put = await presignOssRequest(
      { method: 'PUT', bucket, key, headers: { 'content-type': 'text/plain' } },
      { credentials: { ...STS, providerName: 'test' }, region: 'cn-hangzhou', endpoint: emu.url, expiresIn: 60 },
    );
    const res = await fetch(put.url!, { method: 'PUT', headers: put.signedHeaders, body: 'presigned' });
    expect(res.status, await res.clone().text()).toBe(200);
    const get = await presignOssRequest({ method: 'GET', bucket, key, query: { 'response-cache-control': 'no-store' } }, { credentials, region: 'cn-hangzhou', endpoint: emu.url });
    const got = await fetch(get.url!);
    expect(got.status, await got.clone().text()).toBe(200);
    expect(await got.text()).toBe('presigned');
  });

  it('a presigned URL stops working once expired', async () => {
    const past = new Date(Date.now() - 120_000);
    const { url } = await presignOssRequest({ method: 'GET', bucket, key: 'x' }, { credentials, region: 'cn-hangzhou', endpoint: emu.url, expiresIn: 60, signingDate: past });
    expect((await fetch(url!)).status).toBe(403);
  });

  it('V1 header and V1 presign', async () => {
    const put = { method: 'PUT', bucket, key: 'v1 dir/obj+1.txt', headers: { 'content-type': 'text/plain', 'x-oss-meta-a': 'b' } };
    const { headers } = await signOssRequestV1(put, { credentials: { ...STS, providerName: 'test' } });
    const res = await fetch(buildOssUrl(emu.url, put), { method: 'PUT', headers, body: 'v1' });
    expect(res.status, await res.clone().text()).toBe(200);
    const { url } = await presignOssRequestV1({ method: 'GET', bucket, key: put.key }, { credentials, endpoint: emu.url });
    const got = await fetch(url!);
    expect(got.status, await got.clone().text()).toBe(200);
    expect(await got.text()).toBe('v1');
  });
});
