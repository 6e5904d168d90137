import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { AccessKeyRecord, EmuResponse } from '../../types';
import { ossService } from './index';
import { makeRequest, testState, userIdentity, type TestState } from './test-state';

// Requests are signed with ali-oss's own signer, independent of the emulator's verifier.
const signUtils = createRequire(import.meta.url)('ali-oss/lib/common/signUtils.js') as {
  authorizationV4(
    ak: string, sk: string, region: string, method: string,
    req: { headers: Record<string, string>; queries?: Record<string, string | null> },
    bucket?: string, key?: string,
  ): string;
  buildCanonicalString(method: string, resource: string, req: { headers: Record<string, string>; parameters?: unknown }, expires?: string): string;
  computeSignature(secret: string, text: string): string;
};

const A = '1111111111111111';
const B = '2222222222222222';
const NOW = new Date('2026-03-01T12:00:00Z');
const keys: AccessKeyRecord[] = [
  { accessKeyId: 'AK_A', accessKeySecret: 'secret-a', identity: userIdentity(A) },
  { accessKeyId: 'AK_B', accessKeySecret: 'secret-b', identity: userIdentity(B) },
  { accessKeyId: 'STS.A', accessKeySecret: 'sts-secret', securityToken: 'tok', expiration: new Date('2026-03-01T13:00:00Z'), identity: userIdentity(A) },
];

function state(): TestState {
  return testState({
    now: NOW,
    config: { oss: { buckets: [{ name: 'alpha', accountId: A }, { name: 'beta', accountId: A, region: 'cn-shanghai' }] } },
    keys,
  });
}

const dt = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

interface Call {
  method: string;
  bucket: string;
  key?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  ak?: string;
  sk?: string;
  token?: string;
  region?: string;
  at?: Date;
  host?: 'path' | 'virtual';
}

/** A V4-signed request (ali-oss signer), path style on 127.0.0.1 or virtual-host on bucket.localhost. */
function v4(s: TestState, c: Call) {
  const headers: Record<string, string> = {
    'x-oss-date': dt(c.at ?? s.now()),
    'x-oss-content-sha256': 'UNSIGNED-PAYLOAD',
    ...(c.token ? { 'x-oss-security-token': c.token } : {}),
    ...c.headers,
  };
  const queries: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(c.query ?? {})) queries[k] = v === '' ? null : v;
  headers['authorization'] = signUtils.authorizationV4(
    c.ak ?? 'AK_A', c.sk ?? 'secret-a', c.region ?? 'cn-hangzhou', c.method, { headers, queries }, c.bucket, c.key,
  );
  const qs = new URLSearchParams(c.query ?? {}).toString().replace(/=(&|$)/g, '$1');
  const path = (c.host === 'virtual' ? '/' : `/${c.bucket}/`) + (c.key ? encodeURIComponent(c.key).replace(/%2F/g, '/') : '');
  return makeRequest({
    method: c.method,
    host: c.host === 'virtual' ? `${c.bucket}.localhost:9000` : '127.0.0.1:9000',
    pathAndQuery: path + (qs ? `?${qs}` : ''),
    headers,
    body: c.body,
  });
}

const text = (r: EmuResponse) => (r.body === undefined ? '' : typeof r.body === 'string' ? r.body : new TextDecoder().decode(r.body));
const code = (r: EmuResponse) => /<Code>([\w.]+)<\/Code>/.exec(text(r))?.[1];

describe('OSS objects', () => {
  it('puts, gets, heads, lists and deletes objects, path and virtual-host style alike', async () => {
    const s = state();
    const oss = ossService();
    const put = await oss.handle(v4(s, { method: 'PUT', bucket: 'alpha', key: 'dir/a b+c.txt', body: 'hello', headers: { 'content-type': 'text/plain', 'x-oss-meta-owner': 'me' } }), s);
    expect(put.status).toBe(200);
    expect(put.headers?.['etag']).toBe(`"${createHash('md5').update('hello').digest('hex').toUpperCase()}"`);

    const get = await oss.handle(v4(s, { method: 'GET', bucket: 'alpha', key: 'dir/a b+c.txt', host: 'virtual' }), s);
    expect([get.status, text(get), get.headers?.['content-type'], get.headers?.['x-oss-meta-owner']]).toEqual([200, 'hello', 'text/plain', 'me']);

    const range = await oss.handle(v4(s, { method: 'GET', bucket: 'alpha', key: 'dir/a b+c.txt', headers: { range: 'bytes=1-3' } }), s);
    expect([range.status, text(range), range.headers?.['content-range']]).toEqual([206, 'ell', 'bytes 1-3/5']);

    const head = await oss.handle(v4(s, { method: 'HEAD', bucket: 'alpha', key: 'dir/a b+c.txt' }), s);
    expect([head.status, head.body, head.headers?.['content-length']]).toEqual([200, undefined, '5']);

    await oss.handle(v4(s, { method: 'PUT', bucket: 'alpha', key: 'dir/sub/x', body: '1' }), s);
    await oss.handle(v4(s, { method: 'PUT', bucket: 'alpha', key: 'top', body: '2' }), s);
    const list = await oss.handle(v4(s, { method: 'GET', bucket: 'alpha', query: { 'list-type': '2', prefix: 'dir/', delimiter: '/' } }), s);
    expect(list.status).toBe(200);
    expect(text(list)).toContain('<Key>dir/a b+c.txt</Key>');
    expect(text(list)).toContain('<Prefix>dir/sub/</Prefix>');
    expect(text(list)).not.toContain('<Key>top</Key>');
    expect(text(list)).toContain('<KeyCount>2</KeyCount>');

    const page1 = await oss.handle(v4(s, { method: 'GET', bucket: 'alpha', query: { 'list-type': '2', 'max-keys': '2' } }), s);
    expect(text(page1)).toContain('<IsTruncated>true</IsTruncated>');
    const token = /<NextContinuationToken>(.+)<\/NextContinuationToken>/.exec(text(page1))![1]!;
    const page2 = await oss.handle(v4(s, { method: 'GET', bucket: 'alpha', query: { 'list-type': '2', 'max-keys': '2', 'continuation-token': token } }), s);
    expect(text(page2)).toContain('<Key>top</Key>');
    expect(text(page2)).toContain('<IsTruncated>false</IsTruncated>');

    const del = await oss.handle(v4(s, { method: 'DELETE', bucket: 'alpha', key: 'top' }), s);
    expect(del.status).toBe(204);
    const gone = await oss.handle(v4(s, { method: 'GET', bucket: 'alpha', key: 'top' }), s);
    expect([gone.status, code(gone)]).toEqual([404, 'NoSuchKey']);
    oss.reset?.();
    const afterReset = await oss.handle(v4(s, { method: 'GET', bucket: 'alpha', key: 'dir/sub/x' }), s);
    expect(code(afterReset)).toBe('NoSuchKey');
  });

  it('appends at the right position only', async () => {
    const s = state();
    const oss = ossService();
    const a1 = await oss.handle(v4(s, { method: 'POST', bucket: 'alpha', key: 'log', query: { append: '', position: '0' }, body: 'ab' }), s);
    expect([a1.status, a1.headers?.['x-oss-next-append-position']]).toEqual([200, '2']);
    const wrong = await oss.handle(v4(s, { method: 'POST', bucket: 'alpha', key: 'log', query: { append: '', position: '0' }, body: 'cd' }), s);
    expect([wrong.status, code(wrong)]).toEqual([409, 'PositionNotEqualToLength']);
    await oss.handle(v4(s, { method: 'POST', bucket: 'alpha', key: 'log', query: { append: '', position: '2' }, body: 'cd' }), s);
    expect(text(await oss.handle(v4(s, { method: 'GET', bucket: 'alpha', key: 'log' }), s))).toBe('abcd');
  });

  it('checks a signed x-oss-content-sha256 against the body', async () => {
    const s = state();
    const oss = ossService();
    const sha = createHash('sha256').update('payload').digest('hex');
    const good = await oss.handle(v4(s, { method: 'PUT', bucket: 'alpha', key: 'k', body: 'payload', headers: { 'x-oss-content-sha256': sha } }), s);
    expect(good.status).toBe(200);
    const bad = await oss.handle(v4(s, { method: 'PUT', bucket: 'alpha', key: 'k', body: 'other', headers: { 'x-oss-content-sha256': sha } }), s);
    expect([bad.status, code(bad)]).toEqual([400, 'InvalidDigest']);
  });

  it('checks Content-MD5', async () => {
    const s = state();
    const res = await ossService().handle(v4(s, { method: 'PUT', bucket: 'alpha', key: 'k', body: 'x', headers: { 'content-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' } }), s);
    expect([res.status, code(res)]).toEqual([400, 'InvalidDigest']);
  });
});

describe('OSS authentication errors', () => {
  const cases: Array<[string, (s: TestState) => ReturnType<typeof v4>, number, string]> = [
    ['unknown AccessKey', (s) => v4(s, { method: 'GET', bucket: 'alpha', key: 'k', ak: 'AK_NOPE' }), 403, 'InvalidAccessKeyId'],
    ['wrong secret', (s) => v4(s, { method: 'GET', bucket: 'alpha', key: 'k', sk: 'nope' }), 403, 'SignatureDoesNotMatch'],
    ['clock 16 minutes behind', (s) => v4(s, { method: 'GET', bucket: 'alpha', key: 'k', at: new Date(NOW.getTime() - 16 * 60_000) }), 403, 'RequestTimeTooSkewed'],
    ['another account’s bucket', (s) => v4(s, { method: 'GET', bucket: 'alpha', key: 'k', ak: 'AK_B', sk: 'secret-b' }), 403, 'AccessDenied'],
    ['missing bucket', (s) => v4(s, { method: 'GET', bucket: 'nobucket', key: 'k' }), 404, 'NoSuchBucket'],
    ['wrong signing region', (s) => v4(s, { method: 'GET', bucket: 'beta', key: 'k' }), 400, 'InvalidArgument'],
    ['STS key without its token', (s) => v4(s, { method: 'GET', bucket: 'alpha', key: 'k', ak: 'STS.A', sk: 'sts-secret' }), 403, 'InvalidAccessKeyId'],
    ['STS key with a wrong token', (s) => v4(s, { method: 'GET', bucket: 'alpha', key: 'k', ak: 'STS.A', sk: 'sts-secret', token: 'other' }), 403, 'InvalidSecurityToken'],
    ['anonymous request', () => makeRequest({ method: 'GET', host: '127.0.0.1', pathAndQuery: '/alpha/k' }), 403, 'AccessDenied'],
  ];
  for (const [name, build, status, expected] of cases) {
    it(`${name} → ${status} ${expected}`, async () => {
      const s = state();
      const res = await ossService().handle(build(s), s);
      expect([res.status, code(res)]).toEqual([status, expected]);
      expect(res.headers?.['content-type']).toBe('application/xml');
      expect(text(res)).toMatch(/<RequestId>[0-9A-F-]{36}<\/RequestId>/);
      expect(text(res)).not.toMatch(/secret-|sts-secret/);
    });
  }

  it('accepts an STS key with its token until it expires, then SecurityTokenExpired', async () => {
    const s = state();
    const oss = ossService();
    const call = () => v4(s, { method: 'PUT', bucket: 'alpha', key: 'k', ak: 'STS.A', sk: 'sts-secret', token: 'tok', body: 'x' });
    expect((await oss.handle(call(), s)).status).toBe(200);
    s.setNow(new Date('2026-03-01T13:00:01Z'));
    const res = await oss.handle(call(), s);
    expect([res.status, code(res)]).toEqual([403, 'SecurityTokenExpired']);
    expect(text(res)).not.toContain('tok<');
  });

  it('accepts V1 header signatures made by ali-oss and rejects a wrong one', async () => {
    const s = state();
    const oss = ossService();
    const date = NOW.toUTCString();
    const headers: Record<string, string> = { 'x-oss-date': date, 'content-type': 'text/plain', 'x-oss-meta-a': '1' };
    const sts = signUtils.buildCanonicalString('PUT', '/alpha/v1 key', { headers });
    const make = (sig: string) =>
      makeRequest({ method: 'PUT', host: '127.0.0.1', pathAndQuery: '/alpha/v1%20key', headers: { ...headers, authorization: `OSS AK_A:${sig}` }, body: 'v1' });
    expect((await oss.handle(make(signUtils.computeSignature('secret-a', sts)), s)).status).toBe(200);
    const bad = await oss.handle(make(signUtils.computeSignature('secret-x', sts)), s);
    expect(code(bad)).toBe('SignatureDoesNotMatch');
    expect(/<StringToSign>([\s\S]*)<\/StringToSign>/.exec(text(bad))![1]).toBe(sts);
  });

  it('HEAD errors have no body but keep the status', async () => {
    const s = state();
    const res = await ossService().handle(v4(s, { method: 'HEAD', bucket: 'alpha', key: 'missing' }), s);
    expect([res.status, res.body, res.headers?.['x-oss-ec']]).toEqual([404, undefined, '0026-00000001']);
  });

  it('names actions for the request log', () => {
    const oss = ossService();
    const s = state();
    const names = [
      v4(s, { method: 'PUT', bucket: 'alpha', key: 'k' }),
      v4(s, { method: 'GET', bucket: 'alpha', key: 'k', host: 'virtual' }),
      v4(s, { method: 'HEAD', bucket: 'alpha', key: 'k' }),
      v4(s, { method: 'DELETE', bucket: 'alpha', key: 'k' }),
      v4(s, { method: 'GET', bucket: 'alpha', query: { 'list-type': '2' } }),
      v4(s, { method: 'POST', bucket: 'alpha', key: 'k', query: { append: '', position: '0' } }),
    ].map((r) => oss.action(r));
    expect(names).toEqual(['PutObject', 'GetObject', 'HeadObject', 'DeleteObject', 'ListObjectsV2', 'AppendObject']);
  });
});
