// Conformance suite for @alicred/oss-signer: the official OSS V4 and V1 vectors, input errors and an emulator
// round trip on every runtime, from the build the runtime's export conditions select (Node build on
// node/bun, dist/edge on deno, dist/edge/workerd.js on workerd and edge-light). Loopback only.
import { isCredentialsError } from '@alicred/core';
import { buildOssUrl, presignOssRequest, presignOssRequestV1, signOssRequest, signOssRequestV1 } from '@alicred/oss-signer';
import v1Cases from '../../../../shared/vectors/oss-v1.json';
import v4Cases from '../../../../shared/vectors/oss-v4.json';
import { assert, suite } from '../harness.mjs';

const { test } = suite('oss-signer');

const credentialsOf = (c) => ({
  accessKeyId: c.access_key_id,
  accessKeySecret: c.access_key_secret,
  ...(c.security_token ? { securityToken: c.security_token } : {}),
  providerName: 'vector',
});
const requestOf = (c) => ({
  method: c.method,
  ...(c.bucket ? { bucket: c.bucket } : {}),
  ...(c.key ? { key: c.key } : {}),
  headers: Object.fromEntries(c.headers),
  query: Object.fromEntries(c.query),
});

test('every OSS V4 header vector', async () => {
  const cases = v4Cases.filter((c) => c.kind === 'oss-v4-header');
  assert.ok(cases.length >= 6, 'vectors loaded');
  for (const c of cases) {
    const { headers } = await signOssRequest(requestOf(c), {
      credentials: credentialsOf(c.credentials),
      region: c.region,
      product: c.product,
      additionalHeaders: c.additional_headers,
      signingDate: new Date(c.signing_time_unix * 1000),
    });
    assert.equal(headers.authorization, c.expected.authorization, c.id);
  }
});

test('every OSS V4 presign vector', async () => {
  const cases = v4Cases.filter((c) => c.kind === 'oss-v4-presign');
  assert.ok(cases.length >= 8, 'vectors loaded');
  for (const c of cases) {
    const { query } = await presignOssRequest(requestOf(c), {
      credentials: credentialsOf(c.credentials),
      region: c.region,
      product: c.product,
      additionalHeaders: c.additional_headers,
      signingDate: new Date(c.signing_time_unix * 1000),
      expiresIn: c.expiration_time_unix - c.signing_time_unix,
    });
    assert.equal(query['x-oss-signature'], c.expected['x-oss-signature'], c.id);
    assert.equal(query['x-oss-credential'], c.expected['x-oss-credential'], c.id);
  }
});

test('every OSS V1 vector', async () => {
  assert.ok(v1Cases.length >= 8, 'vectors loaded');
  for (const c of v1Cases) {
    if (c.kind === 'oss-v1-header') {
      const { headers } = await signOssRequestV1(requestOf(c), {
        credentials: credentialsOf(c.credentials),
        subResources: c.sub_resources,
        signingDate: new Date(c.date),
      });
      assert.equal(headers.authorization, c.expected.authorization, c.id);
    } else {
      const { query } = await presignOssRequestV1(requestOf(c), {
        credentials: credentialsOf(c.credentials),
        signingDate: new Date((c.expires_unix - 60) * 1000),
        expiresIn: 60,
      });
      assert.equal(query.Signature, c.expected.Signature, c.id);
    }
  }
});

test('bad input is a CredentialsError without the secret', async () => {
  const credentials = { accessKeyId: 'id', accessKeySecret: 'conformance-secret-do-not-print', providerName: 't' };
  const checks = [
    [() => signOssRequest({ method: 'GET' }, { credentials }), 'InvalidConfiguration'],
    [() => signOssRequest({ method: 'BREW' }, { credentials, region: 'cn-hangzhou' }), 'InvalidRequest'],
    [() => signOssRequest({ method: 'GET', headers: { a: 1 } }, { credentials, region: 'cn-hangzhou' }), 'InvalidRequest'],
    [() => presignOssRequest({ method: 'GET' }, { credentials, region: 'cn-hangzhou', expiresIn: 604_801 }), 'InvalidConfiguration'],
    [() => signOssRequest({ method: 'GET' }, { credentials: async () => { throw new Error('down'); }, region: 'cn-hangzhou' }), 'ProviderFailed'],
  ];
  for (const [run, code] of checks) {
    const error = await assert.rejects(run);
    assert.ok(isCredentialsError(error), 'a CredentialsError');
    assert.equal(error.code, code);
    assert.notMatch(`${error.message} ${JSON.stringify(error)}`, 'conformance-secret-do-not-print');
  }
});

test('the emulator accepts a signed PUT and serves a presigned GET', async (ctx) => {
  assert.ok(ctx.emulatorUrl, 'the emulator is not running');
  // The emulator's seeded default AccessKey and bucket (apps/emulator config seed).
  const credentials = { accessKeyId: 'LTAI5tEmulatorDefaultUser', accessKeySecret: 'EmulatorDefaultUserSecret0000', providerName: 't' };
  const key = `conformance/${ctx.runtime}/a b+c.txt`;
  const put = { method: 'PUT', bucket: 'emulator-bucket', key, headers: { 'content-type': 'text/plain' } };
  const { headers } = await signOssRequest(put, { credentials, region: 'cn-hangzhou' });
  const res = await fetch(buildOssUrl(ctx.emulatorUrl, put), { method: 'PUT', headers, body: ctx.runtime });
  assert.equal(res.status, 200, await res.clone().text());
  const { url } = await presignOssRequest({ method: 'GET', bucket: 'emulator-bucket', key }, { credentials, region: 'cn-hangzhou', endpoint: ctx.emulatorUrl });
  const got = await fetch(url);
  assert.equal(got.status, 200);
  assert.equal(await got.text(), ctx.runtime);
});
