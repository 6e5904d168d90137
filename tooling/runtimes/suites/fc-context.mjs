// Conformance suite for @alicred/fc-context: context, Web Request headers and FC env on every runtime.
import { fromFcContext } from '@alicred/fc-context';
import { isCredentialsError } from '@alicred/core';
import { assert, suite } from '../harness.mjs';

const { test } = suite('fc-context');
const SECRET = 'fc-conformance-secret-0123456789';
const TOKEN = 'fc-conformance-token-CAIS';

test('context.credentials', async () => {
  const creds = await fromFcContext({ credentials: { accessKeyId: 'STS.conf', accessKeySecret: SECRET, securityToken: TOKEN } }, { env: {} })();
  assert.equal(creds.accessKeyId, 'STS.conf');
  assert.equal(creds.securityToken, TOKEN);
  assert.equal(creds.providerName, 'fc-context');
  assert.notMatch(JSON.stringify(creds) + String(creds), SECRET);
});

test('x-fc-* headers of a Web Request', async () => {
  const request = new Request('http://127.0.0.1/invoke', {
    headers: { 'x-fc-access-key-id': 'STS.hdr', 'x-fc-access-key-secret': SECRET, 'x-fc-security-token': TOKEN },
  });
  const creds = await fromFcContext(request, { env: {} })();
  assert.equal(creds.accessKeyId, 'STS.hdr');
  assert.equal(creds.providerName, 'fc-context/headers');
});

test('FC env fallback only inside FC; clear NotConfigured otherwise', async () => {
  const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.env', ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET };
  const inFc = await fromFcContext(undefined, { env: { ...env, FC_FUNCTION_NAME: 'fn' } })();
  assert.equal(inFc.providerName, 'fc-context/env');
  const error = await assert.rejects(() => fromFcContext(undefined, { env })());
  assert.ok(isCredentialsError(error));
  assert.equal(error.code, 'NotConfigured');
  assert.equal(error.tryNextLink, true);
});
