// Conformance suite for @alicred/ecs-imds: the metadata protocol against the emulator, and the rules that
// keep it off the real metadata address (disabled, not-ECS runtimes, injected fetch) on every runtime.
// No test sends a packet to 100.100.100.200: where the default endpoint is used, the injected fetch records
// the URL and throws before any request.
import { fromEcsMetadata } from '@alicred/ecs-imds';
import { isCredentialsError } from '@alicred/core';
import { assert, suite } from '../harness.mjs';

const { test } = suite('ecs-imds');
/** Runtimes that are certainly not an ECS instance (Cloudflare Workers, Vercel Edge): no probe at all. */
const NOT_ECS = new Set(['workerd', 'edge-light']);

function recordingFetch() {
  const urls = [];
  const fetch = async (input) => {
    urls.push(String(input));
    throw new TypeError('fetch failed (conformance: no network)');
  };
  return { fetch, urls };
}

test('ALIBABA_CLOUD_ECS_METADATA_DISABLED=true: NotConfigured with tryNextLink, no request', async () => {
  const { fetch, urls } = recordingFetch();
  const error = await assert.rejects(() => fromEcsMetadata({ env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' }, fetch })());
  assert.ok(isCredentialsError(error));
  assert.equal(error.code, 'NotConfigured');
  assert.equal(error.tryNextLink, true);
  assert.equal(urls.length, 0);
});

test('no endpoint: workerd and edge-light never probe; elsewhere only the default address, through the given fetch, tryNextLink', async (ctx) => {
  const { fetch, urls } = recordingFetch();
  const error = await assert.rejects(() => fromEcsMetadata({ env: {}, fetch, retries: 0 })());
  assert.equal(error.tryNextLink, true);
  if (NOT_ECS.has(ctx.runtime)) {
    assert.equal(error.code, 'NotConfigured');
    assert.equal(urls.length, 0);
  } else {
    assert.ok(urls.every((u) => u.startsWith('http://100.100.100.200/latest/')), urls.join(', '));
  }
});

test('plain http to a non-metadata host is refused before any request', async () => {
  const error = await assert.rejects(() => fromEcsMetadata({ endpoint: 'http://10.0.0.1', env: {} })());
  assert.equal(error.code, 'InvalidConfiguration');
});

test('credentials from the emulator metadata service, cached', async (ctx) => {
  assert.ok(ctx.emulatorUrl, 'the emulator is not running');
  const provider = fromEcsMetadata({ env: { ALICRED_ECS_METADATA_ENDPOINT: ctx.emulatorUrl } });
  const creds = await provider();
  assert.match(creds.accessKeyId, /^STS\./);
  assert.ok(creds.securityToken, 'STS token');
  assert.ok(creds.expiration instanceof Date && creds.expiration.getTime() > Date.now(), 'future expiration');
  assert.equal(creds.providerName, 'ecs-imds');
  assert.equal(await provider(), creds, 'second call served from the cache');
  assert.notMatch(JSON.stringify(creds) + String(creds), creds.accessKeySecret);
});

test('a wrong role name is an HttpError 404, final', async (ctx) => {
  assert.ok(ctx.emulatorUrl, 'the emulator is not running');
  const error = await assert.rejects(() => fromEcsMetadata({ endpoint: ctx.emulatorUrl, roleName: 'no-such-role', env: {} })());
  assert.equal(error.code, 'HttpError');
  assert.equal(error.tryNextLink, false);
  assert.match(error.message, '404');
});

test('a service that answers something else: InvalidResponse', async (ctx) => {
  const error = await assert.rejects(() => fromEcsMetadata({ endpoint: ctx.echoUrl, roleName: 'r', env: {}, retries: 0 })());
  assert.equal(error.code, 'InvalidResponse');
});

test('a service that never answers: Timeout after timeoutMs', async (ctx) => {
  // Every request goes to the echo server's /slow, on loopback.
  const slow = (input, init) => globalThis.fetch(`${ctx.echoUrl}/slow?ms=10000`, init);
  const error = await assert.rejects(() => fromEcsMetadata({ endpoint: ctx.echoUrl, roleName: 'r', env: {}, timeoutMs: 200, fetch: slow })());
  assert.equal(error.code, 'Timeout');
});
