import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { fromCliProfile, fromIni } from '../src/index';
import { put, tempHome } from './helpers';

// The profile types that delegate go through the real @alicred/ram-role and @alicred/oidc packages
// (lazily imported, nothing injected) to the emulator's STS, so a field-name mismatch between this package
// and its peers fails here.
describe('profiles resolved through the real role packages against the emulator', () => {
  let emu: Emulator;
  let home: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    emu = await startEmulator();
    ({ home, cleanup } = await tempHome());
  });
  afterAll(async () => {
    await emu.close();
    await cleanup();
  });

  it('INI ram_role_arn: sts_endpoint, duration and session name reach AssumeRole', async () => {
    const { seed } = emu;
    await put(
      home,
      '.alibabacloud/credentials',
      [
        '[role]',
        'type = ram_role_arn   # inline comment',
        `access_key_id = ${seed.accessKeyId}`,
        `access_key_secret = ${seed.accessKeySecret}`,
        `role_arn = ${seed.roleArn}`,
        'role_session_name = ini-e2e',
        'role_session_expiration = 900',
        `sts_endpoint = ${emu.url}`,
        '',
      ].join('\n'),
    );
    const before = emu.requests({ service: 'sts', action: 'AssumeRole' }).length;
    const creds = await fromIni({ homeDir: home, profile: 'role', env: {} })();
    expect(creds.securityToken).toBeTruthy();
    expect(creds.expiration).toBeInstanceOf(Date);
    const lifetime = creds.expiration!.getTime() - emu.now().getTime();
    expect(lifetime).toBeGreaterThan(800_000);
    expect(lifetime).toBeLessThanOrEqual(900_000);
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' }).length).toBe(before + 1);
  });

  it('CLI ChainableRamRoleArn over an AK profile, through the real ram-role package', async () => {
    const { seed } = emu;
    const file = await put(
      home,
      '.aliyun/config.json',
      JSON.stringify({
        current: 'chained',
        profiles: [
          { name: 'base', mode: 'AK', access_key_id: seed.accessKeyId, access_key_secret: seed.accessKeySecret },
          { name: 'chained', mode: 'ChainableRamRoleArn', source_profile: 'base', ram_role_arn: seed.roleArn, ram_session_name: 'cli-e2e', sts_endpoint: emu.url },
        ],
      }),
    );
    const creds = await fromCliProfile({ filepath: file, env: {} })();
    expect(creds.securityToken).toBeTruthy();
    expect(creds.accessKeyId).not.toBe(seed.accessKeyId);
  });

  it('INI ecs_ram_role: the real @alicred/ecs-imds reads the role from the emulator metadata service', async () => {
    await put(home, '.alibabacloud/credentials', `[ecs]\ntype = ecs_ram_role\nrole_name = ${emu.seed.ecsRoleName}\n`);
    // The metadata endpoint comes from the environment the profile source hands on: never 100.100.100.200.
    const creds = await fromIni({ homeDir: home, profile: 'ecs', env: { ALICRED_ECS_METADATA_ENDPOINT: emu.url } })();
    expect(creds.securityToken).toBeTruthy();
    expect(emu.requests({ service: 'ecs' }).length).toBeGreaterThan(0);
  });

  it('INI oidc_role_arn: the token file goes to AssumeRoleWithOIDC', async () => {
    const { seed } = emu;
    const tokenFile = await put(home, 'token', `${await emu.mintOidcToken({})}\n`);
    await put(
      home,
      '.alibabacloud/credentials',
      [
        '[oidc]',
        'type = oidc_role_arn',
        `role_arn = ${seed.oidcRoleArn}`,
        `oidc_provider_arn = ${seed.oidcProviderArn}`,
        `oidc_token_file_path = ${tokenFile}`,
        `sts_endpoint = ${emu.url}`,
        '',
      ].join('\n'),
    );
    const creds = await fromIni({ homeDir: home, profile: 'oidc', env: {} })();
    expect(creds.securityToken).toBeTruthy();
    expect(emu.requests({ service: 'sts', action: 'AssumeRoleWithOIDC' }).length).toBeGreaterThan(0);
  });
});
