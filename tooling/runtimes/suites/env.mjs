// Conformance suite for @alicred/env: env read from an injected object (Workers bindings) on every runtime.
import { fromEnv } from '@alicred/env';
import { isCredentialsError } from '@alicred/core';
import { assert, suite } from '../harness.mjs';

const { test } = suite('env');
const SECRET = 'env-conformance-secret-0123456789';
const TOKEN = 'env-conformance-token-CAIS';

test('reads ALIBABA_CLOUD_* from an injected env, token included', async () => {
  const creds = await fromEnv({
    env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI-env-conf', ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET, ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN },
  })();
  assert.equal(creds.accessKeyId, 'LTAI-env-conf');
  assert.equal(creds.accessKeySecret, SECRET);
  assert.equal(creds.securityToken, TOKEN);
  assert.equal(creds.providerName, 'env');
  const printed = [JSON.stringify(creds), String(creds), `${creds}`].join('\n');
  assert.notMatch(printed, SECRET);
  assert.notMatch(printed, TOKEN);
});

test('OSS_* variables, and ALIBABA_CLOUD_* wins when both are set', async () => {
  const oss = await fromEnv({ env: { OSS_ACCESS_KEY_ID: 'LTAI-oss', OSS_ACCESS_KEY_SECRET: SECRET } })();
  assert.equal(oss.accessKeyId, 'LTAI-oss');
  const both = await fromEnv({
    env: { OSS_ACCESS_KEY_ID: 'LTAI-oss', OSS_ACCESS_KEY_SECRET: SECRET, ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI-ali', ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET },
  })();
  assert.equal(both.accessKeyId, 'LTAI-ali');
});

test('nothing set: NotConfigured with tryNextLink; half set: names the missing variable', async () => {
  const none = await assert.rejects(() => fromEnv({ env: {} })());
  assert.ok(isCredentialsError(none), 'CredentialsError');
  assert.equal(none.code, 'NotConfigured');
  assert.equal(none.tryNextLink, true);
  const half = await assert.rejects(() => fromEnv({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI-half' } })());
  assert.equal(half.tryNextLink, false);
  assert.match(half.message, 'ALIBABA_CLOUD_ACCESS_KEY_SECRET');
});

test('the runtime default env never throws (no process on workerd)', async (ctx) => {
  const error = await fromEnv()().then(() => undefined, (e) => e);
  if (error !== undefined) assert.ok(isCredentialsError(error), `${ctx.runtime}: a CredentialsError, not a crash`);
});
