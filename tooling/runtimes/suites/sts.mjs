// Conformance suite for @alicred/sts: the RPC v1.0 signature (official vectors), endpoint selection, and the
// STS calls against the emulator on every runtime. Only loopback traffic (ctx.emulatorUrl, ctx.echoUrl).
import { isCredentialsError } from '@alicred/core';
import { computeRpcSignature, createStsClient, isStsError, percentEncode, resolveStsEndpoint, rpcStringToSign } from '@alicred/sts';
import { assert, suite } from '../harness.mjs';

const { test } = suite('sts');

// The emulator's default seed (apps/emulator/src/config.ts): fixed test values, not real keys.
const SEED = { accessKeyId: 'LTAI5tEmulatorDefaultUser', accessKeySecret: 'EmulatorDefaultUserSecret0000' };
const ROLE_ARN = 'acs:ram::1234567890123456:role/emulator-role';

// Copied from shared/vectors/rpc-signature.json (ids given); the vitest suite reads the whole file.
const VECTORS = [
  { id: 'rpc-openapi-util-get', method: 'GET', params: { query: 'test', body: 'test' }, secret: 'secret', signature: 'XlUyV4sXjOuX5FnjUz9IF9tm5rU=' },
  { id: 'rpc-openapi-util-empty-method', method: '', params: { test: 'ok' }, secret: 'accessKeySecret', signature: 'jHx/oHoHNrbVfhncHEvPdHXZwHU=' },
  {
    id: 'rpc-doc-describeregions-TimeStamp',
    method: 'GET',
    params: {
      TimeStamp: '2016-02-23T12:46:24Z',
      Format: 'XML',
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Version: '2014-05-26',
    },
    secret: 'testsecret',
    signature: 'CT9X0VtwR86fNWSnsc6v8YGOjuE=',
  },
];

for (const v of VECTORS) {
  test(`RPC v1.0 signature: ${v.id}`, async () => {
    assert.equal(await computeRpcSignature({ method: v.method, params: v.params, accessKeySecret: v.secret }), v.signature);
  });
}

test('string to sign: query and form merged, double-encoded', () => {
  assert.equal(
    rpcStringToSign({ method: 'GET', params: { q: 'http://domain/?q=value&q2=value2', key: 'value' } }),
    'GET&%2F&key%3Dvalue%26q%3Dhttp%253A%252F%252Fdomain%252F%253Fq%253Dvalue%2526q2%253Dvalue2',
  );
  assert.equal(percentEncode("a b*~!'()"), 'a%20b%2A~%21%27%28%29');
});

test('endpoint selection follows the official order', () => {
  assert.equal(resolveStsEndpoint({ env: {} }), 'https://sts.aliyuncs.com');
  assert.equal(resolveStsEndpoint({ env: { ALIBABA_CLOUD_STS_REGION: 'cn-beijing' } }), 'https://sts.cn-beijing.aliyuncs.com');
  assert.equal(
    resolveStsEndpoint({ env: { ALIBABA_CLOUD_STS_REGION: 'cn-beijing', ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: 'true' } }),
    'https://sts-vpc.cn-beijing.aliyuncs.com',
  );
  assert.equal(resolveStsEndpoint({ endpoint: 'http://127.0.0.1:9', region: 'cn-beijing' }), 'http://127.0.0.1:9');
  assert.throws(() => resolveStsEndpoint({ endpoint: 'http://sts.example.com' }));
});

test('GetCallerIdentity and AssumeRole against the emulator', async (ctx) => {
  assert.ok(ctx.emulatorUrl, 'the emulator is not running');
  const sts = createStsClient({ endpoint: ctx.emulatorUrl, env: {} });
  const who = await sts.getCallerIdentity({ credentials: SEED });
  assert.equal(who.identityType, 'RAMUser');
  const { credentials } = await sts.assumeRole({ credentials: SEED, roleArn: ROLE_ARN, roleSessionName: `conformance-${ctx.runtime}` });
  assert.match(credentials.accessKeyId, /^STS\./);
  assert.ok(credentials.expiration instanceof Date && credentials.expiration.getTime() > Date.now(), 'future expiration');
  const chained = await sts.getCallerIdentity({ credentials });
  assert.equal(chained.identityType, 'AssumedRoleUser');
});

test('a wrong secret: SignatureDoesNotMatch with a hint, and no secret in the error', async (ctx) => {
  assert.ok(ctx.emulatorUrl, 'the emulator is not running');
  const sts = createStsClient({ endpoint: ctx.emulatorUrl, env: {} });
  const wrong = { accessKeyId: SEED.accessKeyId, accessKeySecret: 'conformance-wrong-secret' };
  const error = await assert.rejects(() => sts.assumeRole({ credentials: wrong, roleArn: ROLE_ARN, roleSessionName: 'wrong' }));
  assert.ok(isCredentialsError(error) && isStsError(error), 'an StsError');
  assert.equal(error.code, 'SignatureDoesNotMatch');
  assert.match(error.hint, /secret is wrong/);
  assert.ok(error.requestId, 'RequestId');
  assert.notMatch(`${error.message} ${JSON.stringify(error)}`, 'conformance-wrong-secret');
});

test('connection refused is a NetworkError', async () => {
  const sts = createStsClient({ endpoint: 'http://127.0.0.1:1', retries: 0, env: {} });
  const error = await assert.rejects(() => sts.getCallerIdentity({ credentials: SEED }));
  assert.equal(error.code, 'NetworkError');
});
