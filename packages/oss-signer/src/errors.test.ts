import { CredentialsError, isCredentialsError } from '@alicred/core';
import { describe, expect, it } from 'vitest';
import { presignOssRequest, presignOssRequestV1, signOssRequest, signOssRequestV1 } from './index';

const SECRET = 'S3cr3t-never-printed-0123456789';
const TOKEN = 'CAIS-token-never-printed-987654321';
const credentials = { accessKeyId: 'LTAIexample', accessKeySecret: SECRET, securityToken: TOKEN, providerName: 'test' };
const ok = { method: 'GET', bucket: 'examplebucket', key: 'a.txt' };
const opts = { credentials, region: 'cn-hangzhou' };

async function failure(promise: Promise<unknown>): Promise<Error & { code: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isCredentialsError(error), 'a CredentialsError').toBe(true);
  const e = error as Error & { code: string; cause?: unknown };
  for (const text of [e.message, String(e), JSON.stringify(e), e.stack ?? '']) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
  }
  return e;
}

describe('bad input is a CredentialsError that names the problem, never a secret', () => {
  const cases: Array<[string, () => Promise<unknown>, string, RegExp]> = [
    ['missing region', () => signOssRequest(ok, { credentials } as never), 'InvalidConfiguration', /region/],
    ['bad region', () => signOssRequest(ok, { credentials, region: 'cn hangzhou/x' }), 'InvalidConfiguration', /region/],
    ['bad method', () => signOssRequest({ ...ok, method: 'FETCH' }, opts), 'InvalidRequest', /method/],
    ['missing method', () => signOssRequest({ bucket: 'b' } as never, opts), 'InvalidRequest', /method/],
    ['non-string header', () => signOssRequest({ ...ok, headers: { 'content-length': 5 as never } }, opts), 'InvalidRequest', /content-length.*string/],
    ['header with CRLF', () => signOssRequest({ ...ok, headers: { 'x-oss-meta-a': 'x\r\ny: z' } }, opts), 'InvalidRequest', /CR, LF/],
    ['bad header name', () => signOssRequest({ ...ok, headers: { 'a b': 'x' } }, opts), 'InvalidRequest', /header name/],
    ['header twice', () => signOssRequest({ ...ok, headers: { 'Content-Type': 'a', 'content-type': 'b' } }, opts), 'InvalidRequest', /twice/],
    ['non-string query value', () => signOssRequest({ ...ok, query: { partNumber: 1 as never } }, opts), 'InvalidRequest', /partNumber/],
    ['key without bucket', () => signOssRequest({ method: 'GET', key: 'a' }, opts), 'InvalidRequest', /bucket/],
    ['lone surrogate in key', () => signOssRequest({ ...ok, key: 'a\ud800b' }, opts), 'InvalidRequest', /surrogate/],
    ['bad product', () => signOssRequest(ok, { ...opts, product: 's3' as never }), 'InvalidConfiguration', /product/],
    ['invalid signingDate', () => signOssRequest(ok, { ...opts, signingDate: new Date(Number.NaN) }), 'InvalidConfiguration', /signingDate/],
    ['expiry of 0 s', () => presignOssRequest(ok, { ...opts, expiresIn: 0 }), 'InvalidConfiguration', /expiresIn/],
    ['expiry over 7 days', () => presignOssRequest(ok, { ...opts, expiresIn: 604_801 }), 'InvalidConfiguration', /604800/],
    ['fractional expiry', () => presignOssRequest(ok, { ...opts, expiresIn: 1.5 }), 'InvalidConfiguration', /whole/],
    ['V1 expiry over 7 days', () => presignOssRequestV1(ok, { credentials, expiresIn: 604_801 }), 'InvalidConfiguration', /expiresIn/],
    ['bad endpoint', () => presignOssRequest(ok, { ...opts, endpoint: 'oss-cn-hangzhou.aliyuncs.com' }), 'InvalidConfiguration', /endpoint/],
    ['empty secret', () => signOssRequest(ok, { ...opts, credentials: { ...credentials, accessKeySecret: '' } }), 'InvalidCredentials', /accessKeySecret/],
    ['no credentials', () => signOssRequest(ok, { region: 'cn-hangzhou' } as never), 'InvalidConfiguration', /credentials/],
    [
      'expired credentials',
      () => signOssRequest(ok, { ...opts, credentials: { ...credentials, expiration: new Date(Date.now() - 1000) } }),
      'Expired',
      /expired/,
    ],
    [
      'provider that throws a plain Error (with the secret in it)',
      () => signOssRequest(ok, { ...opts, credentials: async () => { throw new Error('boom'); } }),
      'ProviderFailed',
      /provider failed/,
    ],
    ['provider that throws synchronously', () => signOssRequestV1(ok, { credentials: (() => { throw new TypeError('sync'); }) as never }), 'ProviderFailed', /provider/],
    ['provider returning garbage', () => presignOssRequest(ok, { ...opts, credentials: async () => ({}) as never }), 'InvalidCredentials', /accessKeyId/],
  ];
  it.each(cases)('%s', async (_name, run, code, message) => {
    const error = await failure(run());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('passes a CredentialsError from the provider through unchanged', async () => {
    const original = new CredentialsError('ECS metadata unreachable', { code: 'NetworkError', provider: 'ecs-imds' });
    const thrown = await failure(signOssRequest(ok, { ...opts, credentials: async () => { throw original; } }));
    expect(thrown).toBe(original);
  });

  it('never asks the provider when the request is invalid', async () => {
    let calls = 0;
    const provider = async () => {
      calls++;
      return credentials;
    };
    await failure(signOssRequest({ ...ok, method: 'NOPE' }, { ...opts, credentials: provider }));
    await failure(presignOssRequest(ok, { ...opts, credentials: provider, expiresIn: -1 }));
    expect(calls).toBe(0);
  });
});

describe('results do not leak the secret', () => {
  it('sign and presign outputs hold no secret', async () => {
    const signed = await signOssRequest(ok, opts);
    const presigned = await presignOssRequest(ok, { ...opts, endpoint: 'http://127.0.0.1:9' });
    const v1 = await presignOssRequestV1(ok, { credentials, endpoint: 'http://127.0.0.1:9' });
    for (const out of [signed, presigned, v1]) expect(JSON.stringify(out)).not.toContain(SECRET);
  });
});
