// Conformance suite for @alicred/ram-role: AssumeRole over any source, role chaining and the cache, against
// the emulator on every runtime (loopback only).
import { fromStatic, isCredentialsError } from '@alicred/core';
import { fromRamRoleArn } from '@alicred/ram-role';
import { assert, suite } from '../harness.mjs';

const { test } = suite('ram-role');

// The emulator's default seed: fixed test values.
const SEED = { accessKeyId: 'LTAI5tEmulatorDefaultUser', accessKeySecret: 'EmulatorDefaultUserSecret0000' };
const ROLE_ARN = 'acs:ram::1234567890123456:role/emulator-role';
const EXTERNAL_ID_ROLE_ARN = 'acs:ram::1234567890123456:role/emulator-external-id-role';

test('invalid configuration throws at once', () => {
  const error = assert.throws(() => fromRamRoleArn({ source: fromStatic(SEED), roleArn: 'not-an-arn', env: {} }));
  assert.ok(isCredentialsError(error));
  assert.equal(error.code, 'InvalidConfiguration');
  assert.throws(() => fromRamRoleArn({ source: fromStatic(SEED), roleArn: ROLE_ARN, durationSeconds: 600, env: {} }));
});

test('assumes a role and serves it from the cache', async (ctx) => {
  assert.ok(ctx.emulatorUrl, 'the emulator is not running');
  const provider = fromRamRoleArn({ source: fromStatic(SEED), roleArn: ROLE_ARN, endpoint: ctx.emulatorUrl, env: {} });
  const creds = await provider();
  assert.match(creds.accessKeyId, /^STS\./);
  assert.equal(creds.providerName, 'ram-role');
  assert.equal((await provider()).accessKeyId, creds.accessKeyId, 'second call served from the cache');
  assert.notMatch(JSON.stringify(creds) + String(creds), creds.accessKeySecret);
});

test('chains AK → role → role', async (ctx) => {
  assert.ok(ctx.emulatorUrl, 'the emulator is not running');
  const first = fromRamRoleArn({ source: fromStatic(SEED), roleArn: ROLE_ARN, endpoint: ctx.emulatorUrl, env: {} });
  const second = fromRamRoleArn({
    source: first,
    roleArn: EXTERNAL_ID_ROLE_ARN,
    externalId: 'emulator-external-id',
    endpoint: ctx.emulatorUrl,
    durationSeconds: 900,
    env: {},
  });
  const creds = await second();
  assert.match(creds.accessKeyId, /^STS\./);
  assert.ok(creds.expiration.getTime() - Date.now() <= 900_000, '900 s session');
});

test('concurrent callers all get valid credentials', async (ctx) => {
  assert.ok(ctx.emulatorUrl, 'the emulator is not running');
  const provider = fromRamRoleArn({ source: fromStatic(SEED), roleArn: ROLE_ARN, endpoint: ctx.emulatorUrl, env: {} });
  const all = await Promise.all(Array.from({ length: 20 }, () => provider()));
  assert.ok(all.every((c) => c.accessKeyId.startsWith('STS.')));
  // Single flight shares one AssumeRole except on workerd, where promises may not cross requests.
  if (ctx.runtime !== 'workerd') assert.equal(new Set(all.map((c) => c.accessKeyId)).size, 1);
});

test('NoPermission from STS is a stop-the-chain error', async (ctx) => {
  assert.ok(ctx.emulatorUrl, 'the emulator is not running');
  const provider = fromRamRoleArn({
    source: fromStatic(SEED),
    roleArn: 'acs:ram::1234567890123456:role/emulator-oidc-role',
    endpoint: ctx.emulatorUrl,
    env: {},
  });
  const error = await assert.rejects(() => provider());
  assert.equal(error.code, 'NoPermission');
  assert.equal(error.tryNextLink, false);
});
