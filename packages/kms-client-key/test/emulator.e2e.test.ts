// End to end against the emulator's KMS shared gateway (an independent verifier of the SHA256withRSA
// signature) and its OSS (which accepts a rotated key until its grace period ends). Loopback only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCredentialsError, type Credentials } from '@alicred/core';
import { generateClientKey, startEmulator, type ClientKeyFormat, type Emulator, type GeneratedClientKey } from '@alicred/emulator';
import { buildOssUrl, signOssRequest } from '@alicred/oss-signer';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromKmsClientKey, isInvalidAccessKeyCode, readClientKey, reportInvalidAccessKey, type KmsClientKeyInit } from '../src/index';

const SECRET = 'acs/ram/user/app';
const T0 = new Date('2026-01-01T00:30:00Z'); // rotation generations are aligned to the hour: next one at 01:00
const at = (hhmmss: string) => new Date(`2026-01-01T${hhmmss}Z`);

let emu: Emulator;
let dir: string;
const keys = {} as Record<ClientKeyFormat, GeneratedClientKey>;
let stranger: GeneratedClientKey; // valid PKCS#12, never registered with the gateway

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kms-client-key-e2e-'));
  for (const format of ['legacy-3des', 'legacy-rc2', 'aes'] as const) keys[format] = generateClientKey({ format, dir });
  stranger = generateClientKey({ dir });
  emu = await startEmulator({
    now: T0,
    config: {
      kms: {
        clientKeys: Object.values(keys).map((k) => ({ keyId: k.keyId, publicKeyPem: k.publicKeyPem })),
        secrets: [
          { name: SECRET, type: 'RAMCredentials', userName: 'kms-rotated-user', rotationSeconds: 3600, graceSeconds: 600 },
          { name: 'db/password', type: 'Generic', value: '{"password":"not-an-access-key"}' },
        ],
      },
    },
  });
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  emu.reset();
  emu.setNow(T0);
});

const legacy = () => keys['legacy-3des'];
const kmsCalls = () => emu.requests({ service: 'kms', action: 'GetSecretValue' }).length;

function provider(over: Partial<KmsClientKeyInit> = {}, key = legacy()) {
  return fromKmsClientKey({
    clientKeyFile: key.files!.clientKeyFile,
    passwordFile: key.files!.passwordFile,
    endpoint: emu.url,
    regionId: 'cn-hangzhou',
    secretName: SECRET,
    propertiesFile: false,
    env: {},
    now: () => emu.now().getTime(),
    random: () => 0,
    retries: 0,
    ...over,
  });
}

/** PUT an object to the emulator's OSS with `creds`; returns the status and the OSS error code. */
async function ossPut(creds: Credentials): Promise<{ status: number; code?: string }> {
  const request = { method: 'PUT', bucket: emu.seed.bucket!, key: 'kms/rotated.txt', headers: { 'content-type': 'text/plain' } };
  // The signer checks `expiration` against the real clock; the emulator's clock is pinned in the past.
  const key = { accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret, providerName: creds.providerName };
  const { headers } = await signOssRequest(request, { credentials: key, region: 'cn-hangzhou', signingDate: emu.now() });
  const res = await fetch(buildOssUrl(emu.url, request), { method: 'PUT', headers, body: 'hello' });
  const text = await res.text();
  return { status: res.status, code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1] };
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; tryNextLink: boolean }> {
  try {
    await promise;
  } catch (error) {
    expect(isCredentialsError(error), String(error)).toBe(true);
    return error as { code: string; message: string; tryNextLink: boolean };
  }
  throw new Error('expected a rejection');
}

describe('fetching the rotated AccessKey', () => {
  it.each(['legacy-3des', 'legacy-rc2', 'aes'] as const)('%s ClientKey: the key works on OSS and is cached', async (format) => {
    const credentials = provider({}, keys[format]);
    const [a, b] = await Promise.all([credentials(), credentials()]);
    expect(a).toBe(b);
    expect(a.accessKeyId).toMatch(/^LTAI/);
    expect(a.providerName).toBe('kms-client-key');
    expect(a.securityToken).toBeUndefined();
    // Scheduled refresh at NextRotationDate + 5 min (random = 0), served for 24 h more if KMS is down.
    expect(a.expiration?.toISOString()).toBe('2026-01-02T01:05:00.000Z');
    expect(JSON.stringify(a)).not.toContain(a.accessKeySecret);
    expect(await ossPut(a)).toEqual({ status: 200, code: undefined });
    await credentials();
    expect(kmsCalls()).toBe(1);
  });

  it('follows a rotation end to end: old key served until the refresh, then replaced; OSS rejects it after the grace period', async () => {
    const credentials = provider();
    const first = await credentials();

    emu.setNow(at('01:04:59')); // rotated at 01:00 but our refresh is due at 01:05
    expect(await credentials()).toBe(first);
    expect(kmsCalls()).toBe(1);

    emu.setNow(at('01:05:01'));
    expect(await credentials()).toBe(first); // returned at once, refresh in the background
    await vi.waitFor(async () => expect((await credentials()).accessKeyId).not.toBe(first.accessKeyId));
    const second = await credentials();
    expect(kmsCalls()).toBe(2);
    expect(second.expiration?.toISOString()).toBe('2026-01-02T02:05:00.000Z');
    expect((await ossPut(first)).status).toBe(200); // still inside the 10-minute grace period
    expect((await ossPut(second)).status).toBe(200);

    emu.setNow(at('01:10:01'));
    const rejected = await ossPut(first);
    expect(rejected.status).toBe(403);
    expect(isInvalidAccessKeyCode(rejected.code)).toBe(true);
    expect((await ossPut(await credentials())).status).toBe(200);
  });

  it('without shared promises (the workerd mode) the caller that finds the refresh due does it inline, and falls back to the cached key', async () => {
    const credentials = provider({ shareInFlight: false });
    const first = await credentials();
    emu.setNow(at('01:05:01'));
    const outage = emu.faults.add({ service: 'kms', status: 503, times: 1 });
    expect(await credentials()).toBe(first); // the inline refresh failed: cached key, backoff
    expect(kmsCalls()).toBe(2);
    outage.remove();
    emu.setNow(at('01:06:00')); // past the backoff
    const second = await credentials();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(kmsCalls()).toBe(3);
  });

  it('option values are checked when the provider is made', () => {
    expect(() => provider({ maxStaleMs: -1 })).toThrow(expect.objectContaining({ code: 'InvalidConfiguration' }));
    expect(() => provider({ maxRefreshIntervalMs: Number.NaN })).toThrow(expect.objectContaining({ code: 'InvalidConfiguration' }));
  });

  it('reportInvalid fetches at once when a consumer sees the key rejected, rate-limited', async () => {
    const credentials = provider({ maxRefreshIntervalMs: 24 * 3600_000 });
    const first = await credentials();
    expect(await credentials.reportInvalid('LTAI-some-other-key')).toBe(true); // not ours: already replaced, no fetch
    expect(kmsCalls()).toBe(1);

    emu.setNow(at('01:02:00')); // KMS rotated at 01:00, our schedule says 01:05; the old key is revoked early
    const put = await ossPut(first);
    expect(put.status).toBe(200); // still valid in the emulator; pretend a consumer saw it rejected anyway
    expect(await reportInvalidAccessKey(credentials, first.accessKeyId)).toBe(true);
    const second = await credentials();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(kmsCalls()).toBe(2);

    // KMS keeps returning the same key: each report refreshes (false: nothing new), up to 5 per 10 minutes.
    const results = [];
    for (let i = 0; i < 6; i += 1) results.push(await credentials.reportInvalid(second.accessKeyId));
    expect(results).toEqual([false, false, false, false, false, false]);
    expect(kmsCalls()).toBe(2 + 4); // one token went to the first report
    emu.setNow(at('01:13:00'));
    expect(await credentials.reportInvalid(second.accessKeyId)).toBe(false);
    expect(kmsCalls()).toBe(7);
  });

  it('serves the cached key through a KMS outage until maxStaleMs after the scheduled refresh', async () => {
    const credentials = provider({ maxStaleMs: 3600_000 });
    const first = await credentials();
    const outage = emu.faults.add({ service: 'kms', status: 503 });
    emu.setNow(at('01:30:00'));
    expect(await credentials()).toBe(first);
    await vi.waitFor(() => expect(kmsCalls()).toBe(2));
    expect(await credentials()).toBe(first); // the failed refresh backs off; the cached key is still served
    emu.setNow(at('02:05:00')); // expiration 02:05:00 (refresh due 01:05 + 1 h), minus core's 10 s skew
    const error = await failure(credentials());
    expect(error.code).toBe('KmsError');
    expect(error.message).toContain('ServiceUnavailable');
    outage.remove();
    expect((await credentials()).accessKeyId).not.toBe(first.accessKeyId);
  });

  it('log lines (debug included) never carry the AccessKey secret, the password or a signature', async () => {
    const lines: string[] = [];
    const record = (...args: unknown[]) => void lines.push(args.map((a) => (a instanceof Error ? `${a.message} ${String(a.cause)}` : String(a))).join(' '));
    const credentials = provider({ logger: { debug: record, info: record, warn: record, error: record } });
    const first = await credentials();
    emu.faults.add({ service: 'kms', status: 503, times: 1 });
    emu.setNow(at('01:06:00'));
    await credentials();
    await vi.waitFor(() => expect(lines.some((l) => l.includes('scheduled refresh failed'))).toBe(true));
    expect(lines.length).toBeGreaterThan(1);
    const all = lines.join('\n');
    expect(all).not.toContain(first.accessKeySecret);
    expect(all).not.toContain(legacy().password);
    expect(all).not.toMatch(/Signature=/);
  });

  it('retries throttling with a freshly signed request', async () => {
    emu.faults.add({ service: 'kms', throttle: true, times: 1 });
    const creds = await provider({ retries: 1 })();
    expect(creds.accessKeyId).toMatch(/^LTAI/);
    expect(kmsCalls()).toBe(2);
  });

  it('fails over to the next region endpoint when one is unreachable', async () => {
    const props = join(dir, 'failover.properties');
    writeFileSync(
      props,
      `cache_client_region_id=[{"regionId":"cn-beijing","endpoint":"http://127.0.0.1:9"},{"regionId":"cn-hangzhou","endpoint":"${emu.url}"}]\n`,
    );
    const creds = await provider({ endpoint: undefined, regionId: undefined, propertiesFile: props })();
    expect(creds.accessKeyId).toMatch(/^LTAI/);
  });
});

describe('configuration sources', () => {
  it('reads secretsmanager.properties the way the official clients write it', async () => {
    const k = legacy();
    const props = join(dir, 'secretsmanager.properties');
    writeFileSync(
      props,
      [
        '# secrets manager client configuration',
        'credentials_type=client_key',
        `client_key_private_key_path=${k.files!.clientKeyFile}`,
        'client_key_password_from_env_variable=MY_CK_PASSWORD',
        `cache_client_region_id=[{"regionId":"cn-hangzhou","vpc":false,"endpoint":"${emu.url}"}]`,
        `secret_names=${SECRET}`,
        '',
      ].join('\n'),
    );
    const credentials = fromKmsClientKey({ propertiesFile: props, env: { MY_CK_PASSWORD: k.password }, now: () => emu.now().getTime() });
    expect((await credentials()).accessKeyId).toMatch(/^LTAI/);
    const query = emu.requests({ service: 'kms' })[0];
    expect(query?.status).toBe(200);
  });

  it('env keys with the same names override the file', async () => {
    const k = keys.aes;
    const env = {
      client_key_private_key_path: k.files!.clientKeyFile,
      client_key_password_from_file_path: k.files!.passwordFile,
      cache_client_region_id: `[{"regionId":"cn-hangzhou","endpoint":"${emu.url}"}]`,
      secret_names: SECRET,
    };
    expect((await fromKmsClientKey({ propertiesFile: false, env, now: () => emu.now().getTime() })()).accessKeyId).toMatch(/^LTAI/);
  });

  it('a converted key (readClientKey → { keyId, privateKey }) works like the ClientKey file, and stays redacted', async () => {
    const converted = await readClientKey({ clientKeyFile: legacy().files!.clientKeyFile, passwordFile: legacy().files!.passwordFile });
    expect(converted.keyId).toBe(legacy().keyId);
    expect(converted.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(JSON.stringify(converted)).not.toContain('BEGIN PRIVATE KEY');
    const creds = await provider({ clientKeyFile: undefined, passwordFile: undefined, keyId: converted.keyId, privateKey: converted.privateKeyPem })();
    expect((await ossPut(creds)).status).toBe(200);
  });
});

describe('errors are specific and never contain the password or key', () => {
  const cases: Array<[string, () => Partial<KmsClientKeyInit>, string]> = [
    ['wrong password', () => ({ passwordFile: undefined, password: 'definitely-wrong-password' }), 'WrongPassword'],
    ['corrupt PKCS#12', () => ({ clientKeyFile: undefined, clientKey: { KeyId: legacy().keyId, PrivateKeyData: Buffer.from('not a pkcs12 file').toString('base64') } }), 'InvalidClientKey'],
    ['ClientKey JSON that is not JSON', () => ({ clientKeyFile: undefined, clientKey: '{"KeyId": "KAAP.x", PrivateKeyData' }), 'InvalidClientKey'],
    ['missing ClientKey file', () => ({ clientKeyFile: join(dir, 'nope.json') }), 'FileNotFound'],
    ['missing password file', () => ({ passwordFile: join(dir, 'nope.txt') }), 'FileNotFound'],
    ['no password source', () => ({ passwordFile: undefined }), 'MissingPassword'],
    ['password env var not set', () => ({ passwordFile: undefined, passwordEnvVar: 'UNSET_PASSWORD_VAR' }), 'MissingPassword'],
    ['unknown secret', () => ({ secretName: 'acs/ram/user/nobody' }), 'SecretNotFound'],
    ['not a RAM secret', () => ({ secretName: 'db/password' }), 'NotRamCredentials'],
    ['ClientKey unknown to KMS', () => ({ clientKeyFile: stranger.files!.clientKeyFile, passwordFile: stranger.files!.passwordFile }), 'KmsAuthFailed'],
    ['private key of another ClientKey', () => ({ clientKeyFile: undefined, passwordFile: undefined, keyId: legacy().keyId, privateKey: keys.aes.privateKeyPem }), 'KmsAuthFailed'],
    ['clock off by an hour', () => ({ now: () => emu.now().getTime() + 3600_000 }), 'KmsAuthFailed'],
    ['no region or endpoint', () => ({ endpoint: undefined, regionId: undefined }), 'InvalidConfiguration'],
  ];
  it.each(cases)('%s', async (_name, over, code) => {
    const error = await failure(provider(over())());
    expect(error.code).toBe(code);
    expect(error.tryNextLink).toBe(false);
    for (const k of [legacy(), keys.aes, stranger]) {
      expect(error.message).not.toContain(k.password);
      expect(error.message).not.toContain(k.clientKey.PrivateKeyData.slice(0, 40));
    }
    expect(error.message).not.toContain('definitely-wrong-password');
    expect(error.message).not.toMatch(/Signature=|BEGIN PRIVATE KEY/);
  });

  it('nothing configured: NotConfigured with tryNextLink, so a chain moves on', async () => {
    const error = await failure(fromKmsClientKey({ propertiesFile: false, env: {} })());
    expect(error.code).toBe('NotConfigured');
    expect(error.tryNextLink).toBe(true);
  });

  it('a fixed configuration takes effect on the next call (failures are not cached)', async () => {
    const env: Record<string, string | undefined> = {};
    const credentials = provider({ passwordFile: undefined, passwordEnvVar: 'CK_PW', env });
    expect((await failure(credentials())).code).toBe('MissingPassword');
    env['CK_PW'] = legacy().password;
    expect((await credentials()).accessKeyId).toMatch(/^LTAI/);
  });
});
