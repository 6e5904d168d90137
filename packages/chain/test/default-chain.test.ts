import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCredentialsError } from '@alicred/core';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHAIN_LINKS, defaultChain, type ChainError } from '../src/index';

// Every test here either points the ECS link at the emulator or makes it certainly-not-ECS (a DMI directory
// naming another vendor) or disables it; test/setup.ts makes the global fetch refuse anything but loopback,
// and afterEach proves nothing was refused, i.e. 100.100.100.200 was never requested.
const refused = (globalThis as { __refusedRequests?: string[] }).__refusedRequests as string[];

let emu: Emulator;
let home: string;
const dirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** A DMI directory of a machine that is certainly not ECS: the ECS link answers without a request. */
function notEcs(): string {
  const dir = tempDir('alicred-chain-dmi-');
  writeFileSync(join(dir, 'sys_vendor'), 'Dell Inc.\n');
  return dir;
}

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});
beforeEach(() => {
  emu.reset();
  home = tempDir('alicred-chain-home-');
});
afterEach(() => {
  expect(refused).toEqual([]);
});

/** Variables of an empty machine: a fresh HOME, nothing else (never the real process.env). */
function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { HOME: home, ...extra };
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isCredentialsError(error)).toBe(true);
  return error as ChainError;
}

describe('defaultChain(): each source against the emulator', () => {
  it('env', async () => {
    const env = baseEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: emu.seed.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: emu.seed.accessKeySecret });
    const provider = defaultChain({ env, ecs: { dmiDirectory: notEcs() } });
    const credentials = await provider();
    expect(credentials.accessKeyId).toBe(emu.seed.accessKeyId);
    expect(provider.lastReport?.resolvedBy).toBe('env');
    expect(provider.lastReport?.links.map((l) => l.status)).toEqual(['used', 'not-tried', 'not-tried', 'not-tried', 'not-tried', 'not-tried']);
  });

  it('oidc (RRSA): the three variables and a token file, AssumeRoleWithOIDC at the emulator', async () => {
    const tokenFile = write(join(home, 'token'), emu.mintOidcToken());
    const env = baseEnv({
      ALIBABA_CLOUD_ROLE_ARN: emu.seed.oidcRoleArn as string,
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: emu.seed.oidcProviderArn as string,
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
    });
    const provider = defaultChain({ env, stsEndpoint: emu.url, ecs: { dmiDirectory: notEcs() } });
    const credentials = await provider();
    expect(credentials.providerName).toBe('oidc');
    expect(credentials.accessKeyId).toMatch(/^STS\./);
    expect(emu.requests({ service: 'sts', action: 'AssumeRoleWithOIDC' })).toHaveLength(1);
    expect(provider.lastReport?.resolvedBy).toBe('oidc');
  });

  it('cli-profile: ~/.aliyun/config.json (AK mode)', async () => {
    write(
      join(home, '.aliyun', 'config.json'),
      JSON.stringify({
        current: 'main',
        profiles: [{ name: 'main', mode: 'AK', access_key_id: emu.seed.accessKeyId, access_key_secret: emu.seed.accessKeySecret }],
      }),
    );
    const provider = defaultChain({ env: baseEnv(), ecs: { dmiDirectory: notEcs() } });
    expect((await provider()).accessKeyId).toBe(emu.seed.accessKeyId);
    expect(provider.lastReport?.resolvedBy).toBe('cli-profile');
    expect(provider.lastReport?.links[1]).toMatchObject({ name: 'oidc', status: 'not-configured' });
  });

  it('ini: a ram_role_arn profile on top of an access_key profile, AssumeRole at the emulator', async () => {
    write(
      join(home, '.alibabacloud', 'credentials'),
      [
        '[keys]',
        'type = access_key',
        `access_key_id = ${emu.seed.accessKeyId}`,
        `access_key_secret = ${emu.seed.accessKeySecret}`,
        '[default]',
        'type = ram_role_arn',
        `role_arn = ${emu.seed.roleArn}`,
        'source_profile = keys',
        'role_session_name = chain-test',
        '',
      ].join('\n'),
    );
    const provider = defaultChain({ env: baseEnv(), stsEndpoint: emu.url, ecs: { dmiDirectory: notEcs() } });
    const credentials = await provider();
    expect(credentials.providerName).toBe('ram-role');
    expect(provider.lastReport?.resolvedBy).toBe('ini');
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(1);
    // The winner is remembered and cached by its own provider: no second AssumeRole.
    await provider();
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(1);
  });

  it('ecs: the instance metadata service (emulated) through ALICRED_ECS_METADATA_ENDPOINT', async () => {
    const provider = defaultChain({ env: baseEnv({ ALICRED_ECS_METADATA_ENDPOINT: emu.url }) });
    const credentials = await provider();
    expect(credentials.providerName).toBe('ecs-imds');
    expect(provider.lastReport?.resolvedBy).toBe('ecs');
    expect(emu.requests({ service: 'ecs' }).length).toBeGreaterThan(0);
  });

  it('uri: only when ALIBABA_CLOUD_CREDENTIALS_URI is set', async () => {
    const env = baseEnv({ ALIBABA_CLOUD_CREDENTIALS_URI: `${emu.url}${emu.seed.credentialsPath}`, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' });
    const provider = defaultChain({ env });
    const credentials = await provider();
    expect(credentials.providerName).toBe('uri');
    expect(provider.lastReport?.links.map((l) => [l.name, l.status])).toEqual([
      ['env', 'not-configured'],
      ['oidc', 'not-configured'],
      ['cli-profile', 'not-configured'],
      ['ini', 'not-configured'],
      ['ecs', 'not-configured'],
      ['uri', 'used'],
    ]);
    expect(provider.lastReport?.links[4]?.reason).toContain('ALIBABA_CLOUD_ECS_METADATA_DISABLED=true');
  });

  it('many concurrent first calls cause one walk and one request to the winning source', async () => {
    const provider = defaultChain({ env: baseEnv({ ALICRED_ECS_METADATA_ENDPOINT: emu.url }) });
    const results = await Promise.all(Array.from({ length: 100 }, () => provider()));
    expect(new Set(results).size).toBe(1);
    expect(emu.requests({ service: 'ecs', action: 'GetRoleCredentials' })).toHaveLength(1);
  });
});

describe('defaultChain(): order, skips and stops', () => {
  it('has the documented order', () => {
    expect(defaultChain({ env: {} }).linkNames).toEqual([...DEFAULT_CHAIN_LINKS]);
    expect(DEFAULT_CHAIN_LINKS).toEqual(['env', 'oidc', 'cli-profile', 'ini', 'ecs', 'uri']);
  });

  it('env wins over a configured profile file and the ECS endpoint', async () => {
    write(
      join(home, '.alibabacloud', 'credentials'),
      `[default]\ntype = access_key\naccess_key_id = LTAI5tFromIni\naccess_key_secret = s\n`,
    );
    const env = baseEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tFromEnv', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 's', ALICRED_ECS_METADATA_ENDPOINT: emu.url });
    expect((await defaultChain({ env })()).accessKeyId).toBe('LTAI5tFromEnv');
    expect(emu.requests({ service: 'ecs' })).toHaveLength(0);
  });

  it('a broken CLI config stops the chain even though the INI file and ECS would work', async () => {
    write(join(home, '.aliyun', 'config.json'), '{ "profiles": [ ');
    write(join(home, '.alibabacloud', 'credentials'), `[default]\ntype = access_key\naccess_key_id = LTAI5tFromIni\naccess_key_secret = s\n`);
    const provider = defaultChain({ env: baseEnv({ ALICRED_ECS_METADATA_ENDPOINT: emu.url }) });
    const error = await failure(provider());
    expect(error.code).toBe('MalformedFile');
    expect(error.tryNextLink).toBe(false);
    expect(provider.lastReport?.links.map((l) => l.status)).toEqual(['not-configured', 'not-configured', 'failed', 'not-tried', 'not-tried', 'not-tried']);
    expect(emu.requests({ service: 'ecs' })).toHaveLength(0);
  });

  it('half-configured RRSA (provider ARN without a token file) is an error, not a skip', async () => {
    const env = baseEnv({ ALIBABA_CLOUD_OIDC_PROVIDER_ARN: emu.seed.oidcProviderArn as string, ALIBABA_CLOUD_ROLE_ARN: emu.seed.oidcRoleArn as string });
    const error = await failure(defaultChain({ env, ecs: { dmiDirectory: notEcs() } })());
    expect(error.code).toBe('InvalidConfiguration');
    expect(error.message).toContain('ALIBABA_CLOUD_OIDC_TOKEN_FILE');
  });

  it('ALIBABA_CLOUD_ROLE_ARN alone (for a RAM role elsewhere) does not make the OIDC link fail', async () => {
    const env = baseEnv({ ALIBABA_CLOUD_ROLE_ARN: emu.seed.roleArn, ALICRED_ECS_METADATA_ENDPOINT: emu.url });
    const provider = defaultChain({ env });
    await provider();
    expect(provider.lastReport?.resolvedBy).toBe('ecs');
  });

  it('off-cloud with nothing configured: fails fast, without any request, saying what was tried and how to configure each source', async () => {
    const provider = defaultChain({ env: baseEnv(), ecs: { dmiDirectory: notEcs() } });
    const error = await failure(provider());
    expect(error.code).toBe('NotConfigured');
    expect(error.message).toMatch(/^no Alibaba Cloud credentials found by the default chain; tried, in order:/);
    for (const name of DEFAULT_CHAIN_LINKS) expect(error.message).toContain(`. ${name}: `);
    expect(error.message).toContain('to use it: set ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(error.message).toContain('to use it: run `aliyun configure`');
    expect(error.message).toContain('to use it: set ALIBABA_CLOUD_CREDENTIALS_URI');
    expect(error.message).toContain('certainly not an ECS instance');
    expect(error.links.every((l) => l.status === 'not-configured' && l.hint !== undefined)).toBe(true);
    expect(emu.requests()).toHaveLength(0);
  });

  it('the stuck-chain scenario: everything fails, then credentials appear in the environment → the same provider succeeds', async () => {
    const env: Record<string, string> = baseEnv();
    const provider = defaultChain({ env, ecs: { dmiDirectory: notEcs() } });
    await failure(provider());
    env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'LTAI5tLater';
    env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'later';
    expect((await provider()).accessKeyId).toBe('LTAI5tLater');
    expect(provider.lastReport?.resolvedBy).toBe('env');
  });

  it('the same after a total failure with a URI set: a URI that answers later is used (Node would stay stuck on its last link)', async () => {
    const env: Record<string, string> = baseEnv({ ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' });
    const provider = defaultChain({ env });
    await failure(provider());
    env.ALIBABA_CLOUD_CREDENTIALS_URI = `${emu.url}${emu.seed.credentialsPath}`;
    expect((await provider()).providerName).toBe('uri');
  });

  it('explain() gives the doctor data: the winner and, for every skipped link, why', async () => {
    const provider = defaultChain({ env: baseEnv({ ALICRED_ECS_METADATA_ENDPOINT: emu.url }) });
    const report = await provider.explain();
    expect(report.resolvedBy).toBe('ecs');
    const skipped = report.links.filter((l) => l.status === 'not-configured');
    expect(skipped.map((l) => l.name)).toEqual(['env', 'oidc', 'cli-profile', 'ini']);
    for (const link of skipped) {
      expect(link.reason?.length).toBeGreaterThan(10);
      expect(link.hint?.length).toBeGreaterThan(10);
    }
    expect(report.links[5]).toEqual({ name: 'uri', status: 'not-tried', durationMs: 0 });
    expect(JSON.stringify(report)).not.toContain(report.credentials?.accessKeySecret as string);
  });

  it('reads only init.env when given (Workers bindings), not process.env', async () => {
    const saved = { ...process.env };
    try {
      process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'LTAI5tProcess';
      process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'p';
      const env = baseEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tBinding', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'b' });
      expect((await defaultChain({ env, ecs: { dmiDirectory: notEcs() } })()).accessKeyId).toBe('LTAI5tBinding');
    } finally {
      process.env = saved;
    }
  });
});
