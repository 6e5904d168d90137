import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCredentialsError } from '@alicred/core';
import { cliConfigPath, fromCliProfile, type EcsMetadataInit, type OidcRoleArnInit, type RamRoleArnInit } from '../src/index';
import { printed, put, recordingFactory, recordingLogger, rejection, tempHome } from './helpers';

const SECRET = 'cli-secret-1a2b3c4d5e6f';
const TOKEN = 'CAIS-cli-token-abcdef';

let home: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ home, cleanup } = await tempHome());
});
afterEach(() => cleanup());

type Profile = Record<string, unknown> & { name: string };
const writeConfig = (config: { current?: string; profiles: Profile[] } | string, mode = 0o600) =>
  put(home, '.aliyun/config.json', typeof config === 'string' ? config : JSON.stringify(config, null, 2), mode);
const ak = (name: string, id = `id-${name}`): Profile => ({ name, mode: 'AK', access_key_id: id, access_key_secret: SECRET, expired_seconds: 0, enable_vpc: false, sts_region: '' });

describe('fromCliProfile: file and profile selection', () => {
  it('uses the current profile of ~/.aliyun/config.json', async () => {
    await writeConfig({ current: 'work', profiles: [ak('default'), ak('work')] });
    const creds = await fromCliProfile({ homeDir: home, env: {} })();
    expect(creds).toMatchObject({ accessKeyId: 'id-work', accessKeySecret: SECRET, providerName: 'cli-profile' });
    expect(creds.securityToken).toBeUndefined();
  });

  it('init.profile beats ALIBABA_CLOUD_PROFILE, which beats current; default without current', async () => {
    await writeConfig({ current: 'work', profiles: [ak('default'), ak('work'), ak('env'), ak('init')] });
    expect((await fromCliProfile({ homeDir: home, env: { ALIBABA_CLOUD_PROFILE: 'env' } })()).accessKeyId).toBe('id-env');
    expect((await fromCliProfile({ homeDir: home, env: { ALIBABA_CLOUD_PROFILE: 'env' }, profile: 'init' })()).accessKeyId).toBe('id-init');
    await writeConfig({ profiles: [ak('default'), ak('work')] });
    expect((await fromCliProfile({ homeDir: home, env: {} })()).accessKeyId).toBe('id-default');
  });

  it('ALIBABA_CLOUD_CONFIG_FILE overrides the path', async () => {
    const file = await put(home, 'elsewhere/cli.json', JSON.stringify({ current: 'x', profiles: [ak('x', 'moved')] }));
    const env = { HOME: home, ALIBABA_CLOUD_CONFIG_FILE: file };
    expect(cliConfigPath({ env })).toBe(file);
    expect(cliConfigPath({ homeDir: home, env: {} })).toBe(path.join(home, '.aliyun', 'config.json'));
    expect((await fromCliProfile({ env })()).accessKeyId).toBe('moved');
  });

  it('ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true turns it off (tryNextLink true), checked on every call', async () => {
    await writeConfig({ current: 'default', profiles: [ak('default')] });
    const env: Record<string, string> = { ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' };
    const provider = fromCliProfile({ homeDir: home, env });
    expect(await rejection(provider())).toMatchObject({ code: 'NotConfigured', tryNextLink: true, provider: 'cli-profile' });
    delete env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED;
    expect((await provider()).accessKeyId).toBe('id-default');
  });

  it('no file, or no such profile → NotConfigured, tryNextLink true', async () => {
    expect(await rejection(fromCliProfile({ homeDir: home, env: {} })())).toMatchObject({ code: 'NotConfigured', tryNextLink: true });
    await writeConfig({ current: 'gone', profiles: [ak('default')] });
    const error = await rejection(fromCliProfile({ homeDir: home, env: {} })());
    expect(error).toMatchObject({ code: 'NotConfigured', tryNextLink: true });
    expect(error.message).toMatch(/profile "gone" in .*config\.json: not found \(profiles in the file: "default"\)/);
  });

  it('StsToken: token and, when the CLI saved one, the expiration; an expired one is refused', async () => {
    const future = Math.floor(Date.now() / 1000) + 3600;
    await writeConfig({ current: 's', profiles: [{ name: 's', mode: 'StsToken', access_key_id: 'STS.a', access_key_secret: SECRET, sts_token: TOKEN, sts_expiration: future }] });
    const creds = await fromCliProfile({ homeDir: home, env: {} })();
    expect(creds).toMatchObject({ securityToken: TOKEN });
    expect(creds.expiration?.getTime()).toBe(future * 1000);
    const later = fromCliProfile({ homeDir: home, env: {}, now: () => (future + 1) * 1000 });
    const error = await rejection(later());
    expect(error).toMatchObject({ code: 'Expired', tryNextLink: false });
    expect(printed(error)).not.toContain(TOKEN);
  });
});

describe('fromCliProfile: broken files and profiles → tryNextLink false, nothing secret', () => {
  const cases: [string, string | { current?: string; profiles: Profile[] }, string, RegExp][] = [
    ['malformed JSON', `{\n  "current": "default",\n  "profiles": [ { "name": "default", "access_key_secret": "${SECRET}" ,, } ]\n}`, 'MalformedFile', /config\.json: is not valid JSON \(line 3, column \d+\)/],
    ['not an object', '[1,2]', 'MalformedFile', /must be a JSON object/],
    ['profiles not an array', '{"profiles": {"default": {}}}', 'MalformedFile', /"profiles" must be an array/],
    ['a profile without a name', '{"profiles": [{"mode": "AK"}]}', 'MalformedFile', /profiles\[0\] has no "name"/],
    ['a __proto__ profile', { profiles: [ak('default'), { ...ak('x'), name: '__proto__' }] }, 'UnsafeProfileName', /profiles\[1\] is named "__proto__"/],
    ['no mode', { current: 'default', profiles: [{ name: 'default', access_key_id: 'a' }] }, 'InvalidProfile', /has no mode/],
    ['a CLI-only mode', { current: 'default', profiles: [{ name: 'default', mode: 'BearerToken' }] }, 'InvalidProfile', /unsupported mode "BearerToken" \(the aliyun CLI supports it/],
    ['an unknown mode', { current: 'default', profiles: [{ name: 'default', mode: 'ak' }] }, 'InvalidProfile', /unsupported mode "ak"/],
    ['AK without secret', { current: 'default', profiles: [{ name: 'default', mode: 'AK', access_key_id: 'a', access_key_secret: '' }] }, 'InvalidProfile', /mode AK needs access_key_secret/],
    ['a non-string key', { current: 'default', profiles: [{ name: 'default', mode: 'AK', access_key_id: 42, access_key_secret: SECRET }] }, 'InvalidProfile', /access_key_id must be a string/],
    ['StsToken without token', { current: 'default', profiles: [{ ...ak('default'), mode: 'StsToken' }] }, 'InvalidProfile', /needs sts_token/],
    ['External without command', { current: 'default', profiles: [{ name: 'default', mode: 'External', process_command: '' }] }, 'InvalidProfile', /needs process_command/],
    ['External with an unterminated quote', { current: 'default', profiles: [{ name: 'default', mode: 'External', process_command: `helper "--secret ${SECRET}` }] }, 'InvalidProfile', /unterminated double quote/],
    ['OAuth with a bad site', { current: 'default', profiles: [{ name: 'default', mode: 'OAuth', oauth_site_type: 'MARS', oauth_refresh_token: TOKEN }] }, 'InvalidProfile', /oauth_site_type must be CN or INTL/],
  ];
  it.each(cases)('%s', async (_name, config, code, message) => {
    await writeConfig(config);
    const error = await rejection(fromCliProfile({ homeDir: home, env: {} })());
    expect(isCredentialsError(error)).toBe(true);
    expect(error).toMatchObject({ code, tryNextLink: false, provider: 'cli-profile' });
    expect(error.message).toMatch(message);
    expect(printed(error)).not.toContain(SECRET);
    expect(printed(error)).not.toContain(TOKEN);
  });

  it('warns about a world-readable config.json holding secrets', async () => {
    await writeConfig({ current: 'default', profiles: [ak('default')] }, 0o644);
    const logger = recordingLogger();
    await fromCliProfile({ homeDir: home, env: {}, logger })();
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      expect.stringContaining(`holds secrets and is readable by every user of this machine (mode 644): run chmod 600 ${path.join(home, '.aliyun', 'config.json')}`),
    ]);
  });
});

describe('fromCliProfile: role modes delegate', () => {
  it('RamRoleArn: the profile AccessKey is the source; zero/false/empty CLI defaults are left out', async () => {
    await writeConfig({
      current: 'r',
      profiles: [{ ...ak('r', 'LTAI-src'), mode: 'RamRoleArn', ram_role_arn: 'acs:ram::1:role/x', ram_session_name: 'sess', expired_seconds: 900, sts_region: 'cn-shanghai', policy: '' }],
    });
    const role = recordingFactory<RamRoleArnInit>('role');
    expect((await fromCliProfile({ homeDir: home, env: {}, providers: { ramRoleArn: role.factory } })()).accessKeyId).toBe('role-id');
    const { source, ...rest } = role.inits[0]!;
    expect(rest).toEqual({ roleArn: 'acs:ram::1:role/x', roleSessionName: 'sess', durationSeconds: 900, region: 'cn-shanghai', env: {} });
    expect(await source()).toMatchObject({ accessKeyId: 'LTAI-src', accessKeySecret: SECRET });
  });

  it('ChainableRamRoleArn follows source_profile through any mode, and refuses cycles', async () => {
    const chain = (name: string, source: string): Profile => ({ name, mode: 'ChainableRamRoleArn', source_profile: source, ram_role_arn: `acs:ram::1:role/${name}` });
    await writeConfig({ current: 'top', profiles: [chain('top', 'mid'), chain('mid', 'base'), ak('base', 'LTAI-base')] });
    const role = recordingFactory<RamRoleArnInit>('role');
    await fromCliProfile({ homeDir: home, env: {}, providers: { ramRoleArn: role.factory } })();
    expect(role.inits.map((i) => i.roleArn)).toEqual(['acs:ram::1:role/mid', 'acs:ram::1:role/top']);
    expect((await role.inits[0]!.source()).accessKeyId).toBe('LTAI-base');

    await writeConfig({ current: 'a', profiles: [chain('a', 'b'), chain('b', 'a')] });
    const error = await rejection(fromCliProfile({ homeDir: home, env: {}, providers: { ramRoleArn: role.factory } })());
    expect(error).toMatchObject({ code: 'ProfileCycle', tryNextLink: false });
    expect(error.message).toContain('"a" -> "b" -> "a"');

    await writeConfig({ current: 'a', profiles: [chain('a', 'missing')] });
    expect(await rejection(fromCliProfile({ homeDir: home, env: {}, providers: { ramRoleArn: role.factory } })())).toMatchObject({
      code: 'InvalidProfile',
      tryNextLink: false,
    });
  });

  it('EcsRamRole and OIDC hand their fields to the factories', async () => {
    await writeConfig({
      profiles: [
        { name: 'ecs', mode: 'EcsRamRole', ram_role_name: 'my-role' },
        { name: 'oidc', mode: 'OIDC', ram_role_arn: 'acs:ram::1:role/o', oidc_provider_arn: 'acs:ram::1:oidc-provider/p', oidc_token_file: '/t', ram_session_name: 's', sts_endpoint: 'sts.cn-beijing.aliyuncs.com', enable_vpc: true },
      ],
    });
    const ecs = recordingFactory<EcsMetadataInit>('ecs');
    const oidc = recordingFactory<OidcRoleArnInit>('oidc');
    const providers = { ecsMetadata: ecs.factory, oidcRoleArn: oidc.factory };
    await fromCliProfile({ homeDir: home, env: {}, providers, profile: 'ecs' })();
    await fromCliProfile({ homeDir: home, env: {}, providers, profile: 'oidc' })();
    expect(ecs.inits).toEqual([{ roleName: 'my-role', env: {} }]);
    expect(oidc.inits).toEqual([
      {
        roleArn: 'acs:ram::1:role/o',
        oidcProviderArn: 'acs:ram::1:oidc-provider/p',
        oidcTokenFile: '/t',
        roleSessionName: 's',
        endpoint: 'sts.cn-beijing.aliyuncs.com',
        vpc: true,
        env: {},
      },
    ]);
  });
});
