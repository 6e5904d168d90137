// Conformance suite for @alicred/kms-client-key against the emulator's KMS gateway (ctx.emulatorUrl), which
// verifies the SHA256withRSA ClientKey signature with the public key run.mjs registered and serves the
// secrets of ../fixtures/kms.mjs. The Node build (node20, node24, bun) reads a legacy (3DES, SHA-1 MAC)
// PKCS#12 ClientKey; the edge build (deno, workerd, edge-light) takes a PKCS#8 key or a CryptoKey and refuses
// the PKCS#12 with a clear Unsupported error. Requests are counted by a `fetch` that passes each one on to the
// global fetch unchanged (the emulator's request log is not reachable over HTTP). Loopback only.
import { isCredentialsError } from '@alicred/core';
import { fromKmsClientKey, readClientKey, reportInvalidAccessKey } from '@alicred/kms-client-key';
import { CLIENT_KEY, GENERIC_SECRET_VALUE, KMS_SECRETS } from '../fixtures/kms.mjs';
import { assert, suite } from '../harness.mjs';

const { test } = suite('kms-client-key');

const EDGE = new Set(['deno', 'workerd', 'edge-light']);
/** What the emulator hands out for a RAMCredentials secret: `LTAI` + 20 hex digits, a 30-character secret. */
const ACCESS_KEY_ID = /^LTAI[0-9A-F]{20}$/;
const ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

const subtle = () => globalThis.crypto.subtle;
const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const unb64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const pem = (label, der) => `-----BEGIN ${label}-----\n${b64(der).match(/.{1,64}/g).join('\n')}\n-----END ${label}-----\n`;
const pemBody = (text) => unb64(text.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh RSA key the emulator has never seen: the "wrong key". */
async function strangerPem() {
  const pair = await subtle().generateKey({ ...ALG, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, true, ['sign', 'verify']);
  return pem('PRIVATE KEY', await subtle().exportKey('pkcs8', pair.privateKey));
}

/** Counts requests; each goes to the real global fetch as it is. */
function counting() {
  const counter = { calls: 0 };
  counter.fetch = (input, init) => {
    counter.calls += 1;
    return globalThis.fetch(input, init);
  };
  return counter;
}

function base(ctx, counter, secretName = KMS_SECRETS.ram) {
  assert.ok(ctx.emulatorUrl, 'the emulator is not running');
  return { endpoint: ctx.emulatorUrl, regionId: 'cn-hangzhou', secretName, propertiesFile: false, env: {}, fetch: counter.fetch, retries: 0 };
}

/** Nothing the caller should never see: the key material, the password, a request signature. */
function assertRedacted(text, hint) {
  assert.notMatch(text, CLIENT_KEY.password, hint);
  assert.notMatch(text, CLIENT_KEY.privateKeyData.slice(0, 40), hint);
  assert.notMatch(text, CLIENT_KEY.privateKeyPem.split('\n')[1], hint);
  assert.notMatch(text, /Signature=|BEGIN PRIVATE KEY/, hint);
}

test('a PKCS#8 PEM key signs GetSecretValue; the key is cached and redacted', async (ctx) => {
  const counter = counting();
  const provider = fromKmsClientKey({ ...base(ctx, counter), keyId: CLIENT_KEY.keyId, privateKey: CLIENT_KEY.privateKeyPem });
  // Sequential: on workerd no promise is shared between callers, so concurrent first calls fetch each.
  const a = await provider();
  const b = await provider();
  assert.match(a.accessKeyId, ACCESS_KEY_ID);
  assert.match(a.accessKeySecret, /^[A-Za-z0-9]{30}$/);
  assert.equal(a.securityToken, undefined);
  assert.equal(a.providerName, 'kms-client-key');
  // Hourly rotation: refreshed 5–10 min after NextRotationDate, then served for up to 24 h more.
  assert.ok(a.expiration instanceof Date && a.expiration.getTime() > Date.now() + 3600_000, 'expiration after the scheduled refresh');
  assert.equal(b.accessKeyId, a.accessKeyId);
  assert.equal(counter.calls, 1);
  assert.notMatch(JSON.stringify(a) + String(a), a.accessKeySecret);
  assertRedacted(JSON.stringify(a) + String(a));
});

test('a CryptoKey works too, and reportInvalid fetches the rotated key at once', async (ctx) => {
  const counter = counting();
  const privateKey = await subtle().importKey('pkcs8', pemBody(CLIENT_KEY.privateKeyPem), ALG, false, ['sign']);
  // This secret rotates every second; random = 0.5 puts the scheduled refresh 2.5 min after that, so only
  // reportInvalid fetches again here.
  const provider = fromKmsClientKey({ ...base(ctx, counter, KMS_SECRETS.rotating), keyId: CLIENT_KEY.keyId, privateKey, random: () => 0.5 });
  const first = await provider();
  assert.match(first.accessKeyId, ACCESS_KEY_ID);
  assert.equal((await provider()).accessKeyId, first.accessKeyId, 'cached until reported');
  assert.equal(counter.calls, 1);
  assert.equal(await reportInvalidAccessKey(provider, 'LTAI-some-other-key'), true, 'not ours: already replaced');
  assert.equal(counter.calls, 1, 'a report about another key fetches nothing');

  // KMS rotates at the next whole second (generation = floor(t / 1 s)); wait for it, with a margin.
  await sleep(1000 - (Date.now() % 1000) + 50);
  assert.equal(await reportInvalidAccessKey(provider, first.accessKeyId), true);
  const second = await provider();
  assert.match(second.accessKeyId, ACCESS_KEY_ID);
  assert.notEqual(second.accessKeyId, first.accessKeyId);
  assert.notEqual(second.accessKeySecret, first.accessKeySecret);
  assert.equal(counter.calls, 2);
  assertRedacted(JSON.stringify(second) + String(second));
});

test('KMS errors are specific: wrong key, unknown ClientKey, unknown secret, non-RAM secret', async (ctx) => {
  const counter = counting();
  const good = { keyId: CLIENT_KEY.keyId, privateKey: CLIENT_KEY.privateKeyPem };
  const stranger = await strangerPem();
  const cases = [
    ['wrong private key', { ...base(ctx, counter), keyId: CLIENT_KEY.keyId, privateKey: stranger }, 'KmsAuthFailed'],
    ['unknown ClientKey', { ...base(ctx, counter), keyId: 'KAAP.00000000-0000-4000-8000-000000000bad', privateKey: CLIENT_KEY.privateKeyPem }, 'KmsAuthFailed'],
    ['unknown secret', { ...base(ctx, counter, 'acs/ram/user/nobody'), ...good }, 'SecretNotFound'],
    ['Generic secret', { ...base(ctx, counter, KMS_SECRETS.generic), ...good }, 'NotRamCredentials'],
  ];
  for (const [name, init, code] of cases) {
    const error = await assert.rejects(() => fromKmsClientKey(init)(), undefined, name);
    assert.ok(isCredentialsError(error), name);
    assert.equal(error.code, code, name);
    assert.equal(error.tryNextLink, false, name);
    assertRedacted(error.message, name);
    assert.notMatch(error.message, stranger.split('\n')[1], name);
    assert.notMatch(error.message, JSON.parse(GENERIC_SECRET_VALUE).password, name);
  }
  assert.equal(counter.calls, cases.length, 'one request each, no retry');
});

test('nothing configured: NotConfigured with tryNextLink, no request', async () => {
  const counter = counting();
  const error = await assert.rejects(() => fromKmsClientKey({ propertiesFile: false, env: {}, fetch: counter.fetch })());
  assert.ok(isCredentialsError(error));
  assert.equal(error.code, 'NotConfigured');
  assert.equal(error.tryNextLink, true);
  assert.equal(counter.calls, 0);
});

test('PKCS#12 ClientKey: decrypted on the Node build, Unsupported with a hint on edge builds', async (ctx) => {
  const counter = counting();
  const clientKey = { KeyId: CLIENT_KEY.keyId, PrivateKeyData: CLIENT_KEY.privateKeyData };
  const init = { ...base(ctx, counter), clientKey, password: CLIENT_KEY.password };
  if (EDGE.has(ctx.runtime)) {
    const error = await assert.rejects(() => fromKmsClientKey(init)());
    assert.equal(error.code, 'Unsupported');
    assert.match(error.message, 'readClientKey');
    assertRedacted(error.message);
    const file = await assert.rejects(() => readClientKey({ clientKeyFile: '/nonexistent/clientKey.json', password: 'x' }));
    assert.equal(file.code, 'Unsupported');
    assert.equal(counter.calls, 0);
    return;
  }
  const creds = await fromKmsClientKey(init)();
  assert.match(creds.accessKeyId, ACCESS_KEY_ID);
  assert.equal(creds.providerName, 'kms-client-key');
  assert.equal(counter.calls, 1);
  const wrong = await assert.rejects(() => fromKmsClientKey({ ...init, password: 'not-the-password' })());
  assert.equal(wrong.code, 'WrongPassword');
  assertRedacted(wrong.message);
  assert.notMatch(wrong.message, 'not-the-password');
  assert.equal(counter.calls, 1, 'a wrong password is found before any request');
  const converted = await readClientKey({ clientKey, password: CLIENT_KEY.password });
  assert.equal(converted.keyId, CLIENT_KEY.keyId);
  assert.equal(converted.privateKeyPem.trim(), CLIENT_KEY.privateKeyPem.trim(), 'the fixture PEM is this PKCS#12 key');
  assert.notMatch(JSON.stringify(converted), 'BEGIN PRIVATE KEY');
});
