// Conformance suite for @alicred/bearer: token type, redaction, refresh through core, request parts.
import { bearerAuth, createBearerToken, fromBearerToken } from '@alicred/bearer';
import { isCredentialsError } from '@alicred/core';
import { assert, suite } from '../harness.mjs';

const { test } = suite('bearer');
const TOKEN = 'bearer-conformance-token-0123456789';

test('a string token gives a BearerToken that never prints the token', async () => {
  const t = await fromBearerToken({ token: TOKEN })();
  assert.equal(t.type, 'bearer');
  assert.equal(t.token, TOKEN);
  assert.equal(t.accessKeyId, undefined, 'no AccessKey fields');
  const inspect = t[Symbol.for('nodejs.util.inspect.custom')];
  const printed = [JSON.stringify(t), String(t), `${t}`, JSON.stringify({ ...t }), String(inspect.call(t))].join('\n');
  assert.notMatch(printed, TOKEN);
});

test('a function with an expiration is cached until near expiry', async (ctx) => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  let calls = 0;
  const provider = fromBearerToken({
    now: () => now,
    token: async () => ({ token: `${TOKEN}-${++calls}`, expiration: new Date(now + 3600_000) }),
  });
  await Promise.all([provider(), provider(), provider()]);
  // Core shares one in-flight fetch, except on workerd where a promise must not cross requests.
  assert.equal(calls, ctx.runtime === 'workerd' ? 3 : 1, 'concurrent cold calls');
  const before = calls;
  await provider();
  assert.equal(calls, before, 'served from the cache');
  now += 2 * 3600_000;
  const t = await provider();
  assert.notEqual(t.token, `${TOKEN}-1`, 'an expired token is never returned');
  assert.ok(t.expiration.getTime() > now, 'fresh token');
});

test('ALIBABA_CLOUD_BEARER_TOKEN from injected env; unset is NotConfigured', async () => {
  assert.equal((await fromBearerToken({ env: { ALIBABA_CLOUD_BEARER_TOKEN: TOKEN } })()).token, TOKEN);
  const error = await assert.rejects(() => fromBearerToken({ env: {} })());
  assert.ok(isCredentialsError(error));
  assert.equal(error.tryNextLink, true);
});

test('bearerAuth gives the x-acs-bearer-token parts the official SDKs send', async (ctx) => {
  const t = createBearerToken({ token: TOKEN, providerName: 'conformance' });
  assert.deepEqual(bearerAuth(t), { headers: { 'x-acs-bearer-token': TOKEN }, query: { SignatureType: 'BEARERTOKEN' } });
  assert.deepEqual(bearerAuth(t, 'roa').headers, { 'x-acs-bearer-token': TOKEN, 'x-acs-signature-type': 'BEARERTOKEN' });
  // And they survive a real fetch on this runtime (loopback echo server).
  const { headers, query } = bearerAuth(t);
  const url = new URL(`${ctx.echoUrl}/echo`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const echoed = await (await fetch(url, { headers })).json();
  assert.equal(echoed.headers['x-acs-bearer-token'], TOKEN);
  assert.equal(echoed.query, '?SignatureType=BEARERTOKEN');
  assert.equal(echoed.headers.authorization, undefined);
});
