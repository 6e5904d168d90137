// Conformance suite for @alicred/core: the contracts every runtime must keep (DESIGN.md "Core contracts").
// Runs from the built dist that the runtime's export conditions select (Node build on node/bun, edge build on
// deno/workerd/edge-light). Only loopback traffic: ctx.echoUrl is the runner's echo server, ctx.emulatorUrl
// the emulator.
import {
  CredentialsError,
  USER_AGENT,
  createCredentials,
  detectRuntime,
  fromStatic,
  getEnv,
  hmacSha1,
  hmacSha256,
  httpRequest,
  isCredentialsError,
  readEnv,
  refreshing,
  rsaSha256Sign,
  sha256,
  syncCrypto,
  toBase64,
  toHex,
} from '@alicred/core';
import { assert, suite } from '../harness.mjs';

const { test } = suite('core');
const EDGE = new Set(['deno', 'workerd', 'edge-light']);

const SECRET = 'conformance-secret-0123456789abcdef';
const TOKEN = 'conformance-token-CAIS-9876543210';
const utf8 = (s) => new TextEncoder().encode(s);

/** Digests may come back as bytes, an ArrayBuffer or hex; compare them as lower-case hex. */
function hexOf(value) {
  if (typeof value === 'string') return value.toLowerCase();
  if (value instanceof ArrayBuffer) return toHex(new Uint8Array(value));
  return toHex(value);
}

/** Everything a user might print: JSON, String(), template, and Node's inspect hook when the object has one. */
function printed(value) {
  const out = [JSON.stringify(value), String(value), `${value}`];
  const inspect = value?.[Symbol.for('nodejs.util.inspect.custom')];
  if (typeof inspect === 'function') {
    out.push(String(inspect.call(value, 2, { stylize: (s) => s }, (v) => JSON.stringify(v))));
  }
  if (value instanceof Error) out.push(value.message, String(value.stack));
  return out.join('\n');
}

// ---- credentials and redaction ----

test('fromStatic returns frozen credentials with the given key', async () => {
  const provider = fromStatic({ accessKeyId: 'LTAI-conformance', accessKeySecret: SECRET });
  const creds = await provider();
  assert.equal(creds.accessKeyId, 'LTAI-conformance');
  assert.equal(creds.accessKeySecret, SECRET);
  assert.equal(creds.expiration, undefined, 'static AK has no expiration');
  assert.ok(typeof creds.providerName === 'string' && creds.providerName.length > 0, 'providerName');
  assert.ok(Object.isFrozen(creds), 'credentials are frozen');
});

test('credentials never print the secret or the token', async () => {
  const creds = await fromStatic({ accessKeyId: 'LTAI-conformance', accessKeySecret: SECRET, securityToken: TOKEN })();
  assert.equal(creds.securityToken, TOKEN);
  const text = printed(creds);
  assert.match(text, 'LTAI-conformance', 'the id stays visible');
  assert.notMatch(text, SECRET, 'secret');
  assert.notMatch(text, TOKEN, 'token');
});

test('fromStatic without a key fails with a CredentialsError that carries no secret', async () => {
  const error = await assert.rejects(async () => fromStatic({ accessKeyId: '', accessKeySecret: SECRET })());
  assert.ok(isCredentialsError(error), 'isCredentialsError');
  assert.equal(typeof error.code, 'string');
  assert.equal(typeof error.tryNextLink, 'boolean');
  assert.notMatch(printed(error), SECRET);
});

test('isCredentialsError checks by property, not by class', () => {
  assert.equal(isCredentialsError(new Error('plain')), false);
  assert.equal(isCredentialsError(undefined), false);
  assert.equal(typeof CredentialsError, 'function');
});

// ---- refresh cache ----

function fakeSource(clock, lifetimeMs = 3_600_000) {
  const source = async () => {
    source.calls += 1;
    // Yield so concurrent callers really overlap the fetch.
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (source.failNext) {
      source.failNext = false;
      throw new Error('upstream down');
    }
    return createCredentials({
      accessKeyId: `STS.key-${source.calls}`,
      accessKeySecret: SECRET,
      securityToken: TOKEN,
      expiration: new Date(clock.now + lifetimeMs),
      providerName: 'conformance',
    });
  };
  source.calls = 0;
  source.failNext = false;
  return source;
}

test('refreshing shares one in-flight fetch among concurrent callers', async () => {
  const clock = { now: Date.UTC(2030, 0, 1) };
  const source = fakeSource(clock);
  // Explicit: within one request sharing is safe everywhere, workerd included.
  const provider = refreshing(source, { providerName: 'conformance', now: () => clock.now, random: () => 0, shareInFlight: true });
  const all = await Promise.all(Array.from({ length: 50 }, () => provider()));
  assert.equal(source.calls, 1, 'upstream fetches');
  assert.ok(all.every((c) => c.accessKeyId === 'STS.key-1'), 'every caller gets the same credentials');
  assert.ok(all[0].expiration instanceof Date, 'expiration is a Date');
  const cached = await provider();
  assert.equal(cached.accessKeyId, 'STS.key-1');
  assert.equal(source.calls, 1, 'a valid cache is served without a fetch');
});

test('refreshing shares in-flight fetches by default except on workerd', async (ctx) => {
  const clock = { now: Date.UTC(2030, 0, 1) };
  const source = fakeSource(clock);
  const provider = refreshing(source, { providerName: 'conformance', now: () => clock.now, random: () => 0 });
  await Promise.all(Array.from({ length: 5 }, () => provider()));
  // Workers forbid awaiting a promise created by another request, so there each caller fetches for itself.
  assert.equal(source.calls, ctx.runtime === 'workerd' ? 5 : 1, 'upstream fetches');
});

test('refreshing never hands out hard-expired credentials', async () => {
  const clock = { now: Date.UTC(2030, 0, 1) };
  const source = fakeSource(clock);
  const provider = refreshing(source, { providerName: 'conformance', now: () => clock.now, random: () => 0 });
  await provider();
  clock.now += 3_600_000 + 1_000;
  const fresh = await provider();
  assert.equal(fresh.accessKeyId, 'STS.key-2');
  assert.ok(fresh.expiration.getTime() > clock.now, 'returned credentials are valid now');
});

test('refreshing does not cache a failure', async () => {
  const clock = { now: Date.UTC(2030, 0, 1) };
  const source = fakeSource(clock);
  source.failNext = true;
  const provider = refreshing(source, { providerName: 'conformance', now: () => clock.now, random: () => 0 });
  await assert.rejects(() => provider());
  // Past any back-off: the next call must ask upstream again and succeed.
  clock.now += 10 * 60_000;
  const creds = await provider();
  assert.equal(source.calls, 2);
  assert.equal(creds.accessKeyId, 'STS.key-2');
});

// ---- crypto known answers ----

test('SHA-256 of "abc" (FIPS 180-2)', async () => {
  assert.equal(hexOf(await sha256(utf8('abc'))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('HMAC-SHA256 RFC 4231 test case 2', async () => {
  const mac = await hmacSha256(utf8('Jefe'), utf8('what do ya want for nothing?'));
  assert.equal(hexOf(mac), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
});

test('HMAC-SHA1 RFC 2202 test case 2', async () => {
  const mac = await hmacSha1(utf8('Jefe'), utf8('what do ya want for nothing?'));
  assert.equal(hexOf(mac), 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79');
});

test('HMAC-SHA256 RFC 4231 test case 6 (key longer than the block)', async () => {
  const key = new Uint8Array(131).fill(0xaa);
  const mac = await hmacSha256(key, utf8('Test Using Larger Than Block-Size Key - Hash Key First'));
  assert.equal(hexOf(mac), '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
});

test('syncCrypto gives the same SHA-256 synchronously (Node build), or is absent next to WebCrypto', (ctx) => {
  if (EDGE.has(ctx.runtime)) {
    // The edge build only falls back to pure JS where WebCrypto is missing.
    assert.equal(syncCrypto, undefined);
    return;
  }
  const digest = syncCrypto.sha256(utf8('abc'));
  assert.ok(!(digest instanceof Promise), 'synchronous');
  assert.equal(hexOf(digest), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('toHex and toBase64', () => {
  const bytes = new Uint8Array([0, 1, 0xfe, 0xff, 0x61]);
  assert.equal(toHex(bytes), '0001feff61');
  assert.equal(toBase64(bytes), 'AAH+/2E=');
});

test('RSA-SHA256 signatures verify with WebCrypto', async () => {
  const pair = await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  );
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const pem = `-----BEGIN PRIVATE KEY-----\n${toBase64(pkcs8).replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
  const signature = await rsaSha256Sign(pem, utf8('alicred conformance'));
  const bytes = typeof signature === 'string' ? Uint8Array.from(atob(signature), (c) => c.charCodeAt(0)) : signature;
  const ok = await crypto.subtle.verify('RSASSA-PKCS1-v1_5', pair.publicKey, bytes, utf8('alicred conformance'));
  assert.ok(ok, 'signature verifies');
});

// ---- HTTP (loopback only) ----

test('httpRequest sends method, headers, body and the alicred User-Agent', async (ctx) => {
  const response = await httpRequest(`${ctx.echoUrl}/echo?x=1`, {
    provider: 'conformance',
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'x-conformance': 'yes' },
    body: 'hello',
    timeoutMs: 5_000,
  });
  assert.equal(response.status, 200);
  const echoed = JSON.parse(response.text);
  assert.equal(echoed.method, 'POST');
  assert.equal(echoed.body, 'hello');
  assert.equal(echoed.headers['x-conformance'], 'yes');
  assert.match(echoed.headers['user-agent'], /^alicred\//);
});

test('httpRequest caps the response body', async (ctx) => {
  const error = await assert.rejects(() =>
    httpRequest(`${ctx.echoUrl}/big?bytes=65536`, { provider: 'conformance', method: 'GET', maxBodyBytes: 1024, timeoutMs: 5_000, retries: 0 }),
  );
  assert.ok(isCredentialsError(error), `a CredentialsError, got ${error?.name}: ${error?.message}`);
  assert.equal(error.code, 'BodyTooLarge');
});

test('httpRequest gives up at its timeout', async (ctx) => {
  const error = await assert.rejects(() =>
    httpRequest(`${ctx.echoUrl}/slow?ms=10000`, { provider: 'conformance', method: 'GET', timeoutMs: 100, retries: 0 }),
  );
  assert.ok(isCredentialsError(error), `a CredentialsError, got ${error?.name}: ${error?.message}`);
});

test('httpRequest reaches the emulator (ECS metadata token)', async (ctx) => {
  assert.ok(ctx.emulatorUrl, 'the emulator is not running');
  const response = await httpRequest(`${ctx.emulatorUrl}/latest/api/token`, {
    provider: 'conformance',
    method: 'PUT',
    headers: { 'X-aliyun-ecs-metadata-token-ttl-seconds': '21600' },
    timeoutMs: 5_000,
  });
  assert.equal(response.status, 200);
});

// ---- env and runtime detection ----

test('env: default env works with or without process, explicit env wins', (ctx) => {
  const hasProcess = typeof globalThis.process?.env === 'object';
  if (ctx.runtime === 'workerd') assert.ok(!hasProcess, 'workerd without nodejs_compat has no process');
  // Vercel Edge shims `process` with `env` only: no versions, so nothing mistakes it for Node.
  if (ctx.runtime === 'edge-light') assert.ok(hasProcess && globalThis.process.versions === undefined, 'edge-light: process.env only');
  assert.equal(typeof getEnv(), 'object', 'getEnv() never throws');
  assert.equal(readEnv('ALICRED_CONFORMANCE'), hasProcess ? '1' : undefined, 'default env');
  assert.equal(readEnv('ALICRED_CONFORMANCE', { ALICRED_CONFORMANCE: 'from-binding' }), 'from-binding');
  assert.equal(readEnv('ALICRED_CONFORMANCE', ctx.env), '1', 'bindings passed as env');
});

test('detectRuntime and USER_AGENT name this runtime', (ctx) => {
  const expected = ctx.runtime.startsWith('node') ? 'node' : ctx.runtime;
  assert.equal(detectRuntime(), expected);
  assert.match(USER_AGENT, /^alicred\/\d/);
  assert.ok(USER_AGENT.endsWith(`(${expected})`), `USER_AGENT ${USER_AGENT} names ${expected}`);
});
