import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBearerToken } from '@alicred/bearer';
import type { Credentials } from '@alicred/core';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const refused = (globalThis as { __refusedRequests?: string[] }).__refusedRequests as string[];
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = (name: string) => readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8');

const saved = { ...process.env };
let emu: Emulator;
let home: string;

beforeAll(async () => {
  emu = await startEmulator();
  home = mkdtempSync(join(tmpdir(), 'alicred-chain-readme-'));
});
afterAll(async () => {
  await emu.close();
  rmSync(home, { recursive: true, force: true });
});
afterEach(() => {
  process.env = { ...saved };
  expect(refused).toEqual([]);
});

/** A process environment with nothing but what the test sets (and never the metadata address). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: saved.PATH, HOME: home, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' };
  return { ...env, ...extra };
}

it('the README example is examples/readme.ts verbatim, and it runs (credentials URI from the emulator)', async () => {
  expect(readme).toContain('```ts\n' + example('readme.ts') + '```');
  process.env = cleanEnv({ ALIBABA_CLOUD_CREDENTIALS_URI: `${emu.url}${emu.seed.credentialsPath}` });
  const { credentials, provider, same } = await import('../examples/readme');
  expect(credentials.providerName).toBe('uri');
  expect(provider.lastReport?.resolvedBy).toBe('uri');
  expect(same.providerName).toBe('uri');
});

describe('the migration guide', () => {
  it('quotes examples/migration.ts verbatim', () => {
    expect(readme).toContain('```ts\n' + example('migration.ts') + '```');
  });

  it('every provider of every credential type gets credentials from the emulator', async () => {
    const m = await import('../examples/migration');
    const tokenFile = join(home, 'oidc-token');
    writeFileSync(tokenFile, emu.mintOidcToken());
    const s = {
      accessKeyId: emu.seed.accessKeyId,
      accessKeySecret: emu.seed.accessKeySecret,
      securityToken: 'a-token',
      roleArn: emu.seed.roleArn,
      oidcRoleArn: emu.seed.oidcRoleArn as string,
      oidcProviderArn: emu.seed.oidcProviderArn as string,
      oidcTokenFile: tokenFile,
      ecsRoleName: emu.seed.ecsRoleName,
      credentialsUri: `${emu.url}${emu.seed.credentialsPath}`,
      stsEndpoint: emu.url,
    };
    // fromConfig and the factories read process.env for their fallbacks, as the official libraries do.
    process.env = cleanEnv({ ALICRED_ECS_METADATA_ENDPOINT: emu.url });
    delete process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED;

    const all = async (providers: Array<() => Promise<Credentials>>) => Promise.all(providers.map((p) => p()));
    const expectations: Array<[string, Array<() => Promise<Credentials>>, (c: Credentials) => void]> = [
      ['access_key', m.accessKey(s), (c) => expect([c.accessKeyId, c.securityToken]).toEqual([s.accessKeyId, undefined])],
      ['sts', m.sts(s), (c) => expect(c.securityToken).toBe('a-token')],
      ['ram_role_arn', m.ramRoleArn(s), (c) => expect(c.providerName).toBe('ram-role')],
      ['oidc_role_arn', m.oidcRoleArn(s), (c) => expect(c.providerName).toBe('oidc')],
      ['ecs_ram_role', m.ecsRamRole(s), (c) => expect(c.providerName).toBe('ecs-imds')],
      ['credentials_uri', m.credentialsUri(s), (c) => expect(c.providerName).toBe('uri')],
    ];
    for (const [type, providers, check] of expectations) {
      const results = await all(providers);
      expect(results, type).toHaveLength(3);
      results.forEach(check);
    }
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(3);
    expect(emu.requests({ service: 'sts', action: 'AssumeRoleWithOIDC' })).toHaveLength(3);

    const tokens = await Promise.all(m.bearer().map((p) => p()));
    expect(tokens.every((t) => isBearerToken(t) && t.token === 'ccc-token')).toBe(true);

    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = s.accessKeyId;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = s.accessKeySecret;
    expect((await m.defaults()()).providerName).toBe('env');

    const model = await m.forSdk(s).getCredential();
    expect([model.type, model.providerName]).toEqual(['sts', 'ram-role']);
  });
});
