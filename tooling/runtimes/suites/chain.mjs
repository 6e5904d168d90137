// Conformance suite for @alicred/chain: the chain rules, the default chain from an injected env (Workers
// bindings), its file links reporting "needs Node" on edge runtimes, fromConfig and the SDK adapter model.
// Every default-chain test injects `env` with a HOME that does not exist, so no real profile file is read, and
// either disables ECS or runs where the platform check answers "not ECS" without a request.
import { chain, defaultChain, fromConfig, toTeaCredential } from '@alicred/chain';
import { createCredentials, CredentialsError, isCredentialsError } from '@alicred/core';
import { assert, skipTest, suite } from '../harness.mjs';

const { test } = suite('chain');
const SECRET = 'chain-conformance-secret-0123456789';
const NO_HOME = '/nonexistent-alicred-chain-home';
const EDGE = new Set(['deno', 'workerd', 'edge-light']);
/** Runtimes that are certainly not an ECS instance: ecs-imds decides that from the runtime, without a probe. */
const NOT_ECS = new Set(['workerd', 'edge-light']);

const creds = (id) => createCredentials({ accessKeyId: id, accessKeySecret: SECRET, providerName: id });
const skip = (name) => async () => {
  throw new CredentialsError(`${name} is not configured`, { code: 'NotConfigured', provider: name, tryNextLink: true });
};
const stop = (name) => async () => {
  throw new CredentialsError(`${name} is broken`, { code: 'InvalidConfiguration', provider: name });
};

test('skips "not configured" links, stops at a broken one, remembers the winner only after success', async () => {
  let calls = 0;
  const counted = async () => {
    calls += 1;
    return creds('b');
  };
  const provider = chain({ name: 'a', provider: skip('a') }, { name: 'b', provider: counted }, { name: 'c', provider: stop('c') });
  assert.equal((await provider()).accessKeyId, 'b');
  assert.equal((await provider()).accessKeyId, 'b');
  assert.equal(calls, 2);
  assert.deepEqual(provider.lastReport.links.map((l) => l.status), ['not-configured', 'used', 'not-tried']);
  const error = await assert.rejects(() => chain({ name: 'a', provider: skip('a') }, { name: 'c', provider: stop('c') }, counted)());
  assert.equal(error.provider, 'c');
  assert.equal(error.code, 'InvalidConfiguration');
});

test('an exhausted chain lists every reason; a later success is not blocked (no stuck chain)', async () => {
  const env = { HOME: NO_HOME, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' };
  const provider = defaultChain({ env });
  const error = await assert.rejects(() => provider());
  assert.ok(isCredentialsError(error));
  assert.equal(error.code, 'NotConfigured');
  for (const name of ['env', 'oidc', 'cli-profile', 'ini', 'ecs', 'uri']) assert.match(error.message, `. ${name}: `);
  env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'LTAI-chain-later';
  env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = SECRET;
  assert.equal((await provider()).accessKeyId, 'LTAI-chain-later');
});

test('file links: "not configured" on Node runtimes, "needs Node" (Unsupported) on edge runtimes', async (ctx) => {
  const report = await defaultChain({ env: { HOME: NO_HOME, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' } }).explain();
  const files = report.links.filter((l) => l.name === 'cli-profile' || l.name === 'ini');
  assert.deepEqual(files.map((l) => l.status), ['not-configured', 'not-configured']);
  for (const link of files) assert.equal(link.code, EDGE.has(ctx.runtime) ? 'Unsupported' : 'NotConfigured');
});

test('workerd, edge-light: nothing configured fails fast, ECS certainly not here (no request, no disable switch needed)', async (ctx) => {
  if (!NOT_ECS.has(ctx.runtime)) skipTest('the platform check decides "not ECS" from the runtime on workerd and edge-light only');
  const report = await defaultChain({ env: {} }).explain();
  const ecs = report.links.find((l) => l.name === 'ecs');
  assert.equal(ecs.status, 'not-configured');
  assert.match(ecs.reason, 'certainly not an ECS instance');
});

test('the default chain resolves through the credentials URI of the emulator', async (ctx) => {
  assert.ok(ctx.emulatorUrl, 'the emulator is not running');
  const provider = defaultChain({
    env: { HOME: NO_HOME, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ALIBABA_CLOUD_CREDENTIALS_URI: `${ctx.emulatorUrl}/credentials` },
  });
  const credentials = await provider();
  assert.equal(credentials.providerName, 'uri');
  assert.ok(credentials.securityToken);
  assert.equal(provider.lastReport.resolvedBy, 'uri');
  assert.equal(await provider(), credentials, 'the winner answers from its own cache');
});

test('fromConfig: both spellings, errors listing the valid types', async () => {
  const camel = await fromConfig({ type: 'access_key', accessKeyId: 'LTAI-camel', accessKeySecret: SECRET, env: {} })();
  const snake = await fromConfig({ type: 'access_key', access_key_id: 'LTAI-snake', access_key_secret: SECRET, env: {} })();
  assert.equal(camel.accessKeyId, 'LTAI-camel');
  assert.equal(snake.accessKeyId, 'LTAI-snake');
  const error = await assert.rejects(async () => fromConfig({ type: 'nope' }));
  assert.equal(error.code, 'InvalidConfiguration');
  assert.match(error.message, 'access_key, sts, ram_role_arn, oidc_role_arn, ecs_ram_role, credentials_uri, bearer, kms_client_key, fc_context');
});

test('fromConfig kms_client_key: Unsupported with tryNextLink on edge runtimes', async (ctx) => {
  if (!EDGE.has(ctx.runtime)) skipTest('Node runtimes load @alicred/kms-client-key (tested with the package)');
  const error = await assert.rejects(() => fromConfig({ type: 'kms_client_key', env: {} })());
  assert.equal(error.code, 'Unsupported');
  assert.equal(error.tryNextLink, true);
});

test('fromConfig credentials_uri against the emulator', async (ctx) => {
  assert.ok(ctx.emulatorUrl, 'the emulator is not running');
  const credentials = await fromConfig({ type: 'credentials_uri', credentials_uri: `${ctx.emulatorUrl}/credentials`, env: {} })();
  assert.equal(credentials.providerName, 'uri');
});

test('toTeaCredential: the SDK model has the fields and never prints the secret', async () => {
  const credential = toTeaCredential(async () => createCredentials({ accessKeyId: 'STS.tea', accessKeySecret: SECRET, securityToken: 'tea-token', providerName: 'x' }));
  const model = await credential.getCredential();
  assert.equal(model.accessKeySecret, SECRET);
  assert.equal(model.securityToken, 'tea-token');
  assert.equal(model.type, 'sts');
  assert.notMatch(JSON.stringify(model) + String(model) + JSON.stringify({ ...model }), SECRET);
});
