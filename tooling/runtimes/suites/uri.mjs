// Conformance suite for @alicred/uri: the credentials-URI protocol against the emulator, and the transport
// rules (no request when unconfigured, http only to loopback, capped bodies, timeouts) on every runtime.
import { fromCredentialsUri } from '@alicred/uri';
import { isCredentialsError } from '@alicred/core';
import { assert, suite } from '../harness.mjs';

const { test } = suite('uri');

test('not configured: NotConfigured with tryNextLink, no request', async () => {
  let calls = 0;
  const error = await assert.rejects(() =>
    fromCredentialsUri({ env: {}, fetch: async () => { calls++; throw new Error('no'); } })(),
  );
  assert.ok(isCredentialsError(error));
  assert.equal(error.code, 'NotConfigured');
  assert.equal(error.tryNextLink, true);
  assert.equal(calls, 0);
});

test('plain http to a non-local host is refused before any request', async () => {
  const error = await assert.rejects(() => fromCredentialsUri({ uri: 'http://10.0.0.1/creds' })());
  assert.equal(error.code, 'InvalidConfiguration');
});

test('credentials from the emulator credentials URI, cached', async (ctx) => {
  assert.ok(ctx.emulatorUrl, 'the emulator is not running');
  const provider = fromCredentialsUri({ env: { ALIBABA_CLOUD_CREDENTIALS_URI: `${ctx.emulatorUrl}/credentials` } });
  const creds = await provider();
  assert.ok(creds.accessKeyId.length > 0);
  assert.ok(creds.securityToken, 'STS token');
  assert.ok(creds.expiration instanceof Date && creds.expiration.getTime() > Date.now(), 'future expiration');
  assert.equal(await provider(), creds, 'second call served from the cache');
  assert.notMatch(JSON.stringify(creds) + String(creds), creds.accessKeySecret);
});

test('a JSON answer without credentials is InvalidResponse', async (ctx) => {
  const error = await assert.rejects(() => fromCredentialsUri({ uri: `${ctx.echoUrl}/echo`, retries: 0 })());
  assert.equal(error.code, 'InvalidResponse');
});

test('an oversized body and a slow server fail cleanly', async (ctx) => {
  const big = await assert.rejects(() => fromCredentialsUri({ uri: `${ctx.echoUrl}/big?bytes=200000`, retries: 0 })());
  assert.equal(big.code, 'BodyTooLarge');
  const slow = await assert.rejects(() => fromCredentialsUri({ uri: `${ctx.echoUrl}/slow?ms=10000`, timeoutMs: 200, retries: 0 })());
  assert.equal(slow.code, 'Timeout');
});

test('a redirect status is refused, not followed', async (ctx) => {
  const error = await assert.rejects(() => fromCredentialsUri({ uri: `${ctx.echoUrl}/echo?status=302`, retries: 0 })());
  assert.equal(error.code, 'HttpError');
  assert.match(error.message, 'redirect');
});
