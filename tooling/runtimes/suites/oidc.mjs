// Conformance suite for @alicred/oidc: configuration rules, the token-file twin (Node build reads, edge build
// says "pass the token as a string or function"), and AssumeRoleWithOIDC against the emulator.
import { isCredentialsError } from '@alicred/core';
import { fromOidcRoleArn } from '@alicred/oidc';
import { assert, suite } from '../harness.mjs';

const { test } = suite('oidc');

const ROLE_ARN = 'acs:ram::1234567890123456:role/emulator-oidc-role';
const PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/emulator-oidc';
const EDGE = new Set(['deno', 'workerd', 'edge-light']);

test('not configured: NotConfigured with tryNextLink, no request', async () => {
  let calls = 0;
  const fetch = async () => {
    calls++;
    throw new Error('no request expected');
  };
  const error = await assert.rejects(() => fromOidcRoleArn({ env: {}, fetch })());
  assert.ok(isCredentialsError(error));
  assert.equal(error.code, 'NotConfigured');
  assert.equal(error.tryNextLink, true);
  assert.equal(calls, 0);
});

test('partly configured: names the missing variable, tryNextLink false', async () => {
  const error = await assert.rejects(() => fromOidcRoleArn({ env: { ALIBABA_CLOUD_ROLE_ARN: ROLE_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/t' } })());
  assert.equal(error.tryNextLink, false);
  assert.match(error.message, 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN');
});

test('a token file: read on Node builds, Unsupported on edge builds', async (ctx) => {
  const env = { ALIBABA_CLOUD_ROLE_ARN: ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/nonexistent/alicred/token' };
  const error = await assert.rejects(() => fromOidcRoleArn({ env, endpoint: 'http://127.0.0.1:1' })());
  assert.ok(isCredentialsError(error));
  if (EDGE.has(ctx.runtime)) {
    assert.equal(error.code, 'Unsupported');
    assert.match(error.message, /pass the token as a string or function/);
  } else {
    assert.equal(error.code, 'InvalidConfiguration');
    assert.match(error.message, '/nonexistent/alicred/token');
  }
});

test('a rejected token: an STS error that does not contain the token', async (ctx) => {
  assert.ok(ctx.emulatorUrl, 'the emulator is not running');
  const token = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJjb25mb3JtYW5jZSJ9.conformance-not-a-signature';
  let calls = 0;
  const provider = fromOidcRoleArn({
    env: {},
    roleArn: ROLE_ARN,
    oidcProviderArn: PROVIDER_ARN,
    oidcToken: () => {
      calls++;
      return token;
    },
    endpoint: ctx.emulatorUrl,
  });
  const error = await assert.rejects(() => provider());
  assert.ok(isCredentialsError(error));
  assert.match(error.code, /OIDCToken/);
  assert.equal(calls, 1);
  assert.notMatch(`${error.message} ${JSON.stringify(error)}`, 'conformance-not-a-signature');
});
