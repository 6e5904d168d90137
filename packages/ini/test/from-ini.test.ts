import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCredentialsError } from '@alicred/core';
import { fromIni, iniFilePaths, type CredentialsUriInit, type EcsMetadataInit, type OidcRoleArnInit, type RamRoleArnInit } from '../src/index';
import { printed, put, recordingFactory, recordingLogger, rejection, tempHome } from './helpers';

const SECRET = 'ini-secret-9f8e7d6c5b4a';
const TOKEN = 'CAIS-ini-token-0123456789';

let home: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ home, cleanup } = await tempHome());
});
afterEach(() => cleanup());

const credentialsFile = (text: string, name = 'credentials', mode = 0o600) => put(home, `.alibabacloud/${name}`, text, mode);

describe('fromIni: files and profile selection', () => {
  it('reads access_key from ~/.alibabacloud/credentials, profile default', async () => {
    await credentialsFile(`[default]\ntype = access_key\naccess_key_id = LTAI-default\naccess_key_secret = ${SECRET}   # inline comment\n`);
    const creds = await fromIni({ homeDir: home, env: {} })();
    expect(creds.accessKeyId).toBe('LTAI-default');
    expect(creds.accessKeySecret).toBe(SECRET);
    expect(creds.securityToken).toBeUndefined();
    expect(creds.expiration).toBeUndefined();
    expect(creds.providerName).toBe('ini');
  });

  it('falls back to credentials.ini (the Python/Java name) only when credentials is absent', async () => {
    await credentialsFile('[default]\ntype = access_key\naccess_key_id = from-ini-name\naccess_key_secret = s\n', 'credentials.ini');
    expect((await fromIni({ homeDir: home, env: {} })()).accessKeyId).toBe('from-ini-name');
    await credentialsFile('[default]\ntype = access_key\naccess_key_id = from-plain-name\naccess_key_secret = s\n');
    expect((await fromIni({ homeDir: home, env: {} })()).accessKeyId).toBe('from-plain-name');
    expect(iniFilePaths({ homeDir: home, env: {} })).toEqual([
      path.join(home, '.alibabacloud', 'credentials'),
      path.join(home, '.alibabacloud', 'credentials.ini'),
    ]);
  });

  it('takes ALIBABA_CLOUD_CREDENTIALS_FILE (with ~/ expanded) over the default paths, and init.filepath over both', async () => {
    await credentialsFile('[default]\ntype = access_key\naccess_key_id = default-path\naccess_key_secret = s\n');
    await put(home, 'custom/creds', '[default]\ntype = access_key\naccess_key_id = env-path\naccess_key_secret = s\n');
    const explicit = await put(home, 'explicit.ini', '[default]\ntype = access_key\naccess_key_id = explicit-path\naccess_key_secret = s\n');
    const env = { HOME: home, ALIBABA_CLOUD_CREDENTIALS_FILE: '~/custom/creds' };
    expect((await fromIni({ env })()).accessKeyId).toBe('env-path');
    expect((await fromIni({ env, filepath: explicit })()).accessKeyId).toBe('explicit-path');
  });

  it('chooses the profile from init.profile, then ALIBABA_CLOUD_PROFILE, then default', async () => {
    await credentialsFile(
      ['default', 'fromenv', 'frominit'].map((p) => `[${p}]\ntype = access_key\naccess_key_id = id-${p}\naccess_key_secret = s\n`).join('\n'),
    );
    expect((await fromIni({ homeDir: home, env: {} })()).accessKeyId).toBe('id-default');
    expect((await fromIni({ homeDir: home, env: { ALIBABA_CLOUD_PROFILE: 'fromenv' } })()).accessKeyId).toBe('id-fromenv');
    expect((await fromIni({ homeDir: home, env: { ALIBABA_CLOUD_PROFILE: 'fromenv' }, profile: 'frominit' })()).accessKeyId).toBe('id-frominit');
  });

  it('reads nothing until called, and re-reads the file on forceRefresh', async () => {
    const provider = fromIni({ homeDir: home, env: {} });
    await credentialsFile('[default]\ntype = access_key\naccess_key_id = first\naccess_key_secret = s\n');
    expect((await provider()).accessKeyId).toBe('first');
    await credentialsFile('[default]\ntype = access_key\naccess_key_id = rotated\naccess_key_secret = s\n');
    expect((await provider()).accessKeyId).toBe('first');
    expect((await provider({ forceRefresh: true })).accessKeyId).toBe('rotated');
  });

  it('uses an injected readFile (no real file system needed)', async () => {
    const asked: string[] = [];
    const provider = fromIni({
      homeDir: '/virtual/home',
      env: {},
      readFile: async (p) => {
        asked.push(p);
        if (p.endsWith('credentials.ini')) return '[default]\ntype = sts\naccess_key_id = v\naccess_key_secret = s\nsecurity_token = t\n';
        throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      },
    });
    const creds = await provider();
    expect(creds.securityToken).toBe('t');
    expect(asked).toEqual(['/virtual/home/.alibabacloud/credentials', '/virtual/home/.alibabacloud/credentials.ini']);
  });

  it('concurrent first calls read the file once', async () => {
    let reads = 0;
    const provider = fromIni({
      filepath: '/virtual/file',
      env: {},
      readFile: async () => {
        reads++;
        await new Promise((r) => setTimeout(r, 5));
        return '[default]\ntype = access_key\naccess_key_id = a\naccess_key_secret = s\n';
      },
    });
    await Promise.all(Array.from({ length: 20 }, () => provider()));
    expect(reads).toBe(1);
  });
});

describe('fromIni: not configured → tryNextLink true', () => {
  it('no file at all', async () => {
    const error = await rejection(fromIni({ homeDir: home, env: {} })());
    expect(isCredentialsError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'NotConfigured', tryNextLink: true, provider: 'ini' });
    expect(error.message).toContain(path.join(home, '.alibabacloud', 'credentials.ini'));
  });

  it('the profile is not in the file (names the profile and lists the others)', async () => {
    await credentialsFile('[default]\ntype = access_key\naccess_key_id = a\naccess_key_secret = s\n');
    const error = await rejection(fromIni({ homeDir: home, env: {}, profile: 'prod' })());
    expect(error).toMatchObject({ code: 'NotConfigured', tryNextLink: true });
    expect(error.message).toMatch(/profile "prod" in .*credentials: not found \(profiles in the file: "default"\)/);
  });

  it('enable = false disables a profile', async () => {
    await credentialsFile('[default]\nenable = false  # off\ntype = access_key\naccess_key_id = a\naccess_key_secret = s\n');
    const error = await rejection(fromIni({ homeDir: home, env: {} })());
    expect(error).toMatchObject({ code: 'ProfileDisabled', tryNextLink: true });
  });

  it('a file that appears later is picked up by the next call', async () => {
    const provider = fromIni({ homeDir: home, env: {} });
    await rejection(provider());
    await credentialsFile('[default]\ntype = access_key\naccess_key_id = late\naccess_key_secret = s\n');
    expect((await provider()).accessKeyId).toBe('late');
  });
});

describe('fromIni: present but broken → tryNextLink false, file and profile named, no secret', () => {
  const cases: [string, string, string, RegExp][] = [
    ['malformed line', `[default]\ntype = access_key\n${SECRET}\n`, 'MalformedFile', /credentials:3: expected "key = value"/],
    ['unknown type', '[default]\ntype = magic\n', 'InvalidProfile', /profile "default" in .*credentials:1: has an unknown type "magic"/],
    ['rsa_key_pair', '[default]\ntype = rsa_key_pair\n', 'InvalidProfile', /rsa_key_pair is deprecated/],
    ['no type', '[default]\naccess_key_id = a\n', 'InvalidProfile', /has no type/],
    ['missing secret', '[default]\ntype = access_key\naccess_key_id = a\n', 'InvalidProfile', /type access_key needs access_key_secret/],
    ['sts without token', `[default]\ntype = sts\naccess_key_id = a\naccess_key_secret = ${SECRET}\n`, 'InvalidProfile', /needs security_token/],
    ['bad enable', '[default]\nenable = maybe\ntype = access_key\n', 'InvalidProfile', /enable must be true or false/],
    ['__proto__ section', `[__proto__]\naccess_key_secret = ${SECRET}\n`, 'UnsafeProfileName', /credentials:1: the section name \[__proto__\] is not allowed/],
    ['constructor section', '[default]\ntype = access_key\n[constructor]\nx = 1\n', 'UnsafeProfileName', /credentials:3: .*\[constructor\]/],
    ['bearer through fromIni', `[default]\ntype = bearer\nbearer_token = ${TOKEN}\n`, 'WrongCredentialType', /fromIniBearerToken/],
    ['bad duration', '[default]\ntype = ram_role_arn\naccess_key_id = a\naccess_key_secret = b\nrole_arn = r\nrole_session_expiration = soon\n', 'InvalidProfile', /role_session_expiration must be a whole number/],
  ];
  it.each(cases)('%s', async (_name, text, code, message) => {
    await credentialsFile(text);
    const error = await rejection(
      fromIni({ homeDir: home, env: {}, providers: { ramRoleArn: recordingFactory<RamRoleArnInit>('role').factory } })(),
    );
    expect(isCredentialsError(error)).toBe(true);
    expect(error).toMatchObject({ code, tryNextLink: false, provider: 'ini' });
    expect(error.message).toMatch(message);
    expect(printed(error)).not.toContain(SECRET);
    expect(printed(error)).not.toContain(TOKEN);
  });

  it('asking for a __proto__ profile is refused without reading prototypes', async () => {
    await credentialsFile('[default]\ntype = access_key\naccess_key_id = a\naccess_key_secret = s\n');
    const error = await rejection(fromIni({ homeDir: home, env: {}, profile: '__proto__' })());
    expect(error).toMatchObject({ code: 'UnsafeProfileName', tryNextLink: false });
  });

  it('an unreadable file (a directory in its place)', async () => {
    await mkdir(path.join(home, '.alibabacloud', 'credentials'), { recursive: true });
    const error = await rejection(fromIni({ homeDir: home, env: {} })());
    expect(error).toMatchObject({ code: 'UnreadableFile', tryNextLink: false });
    expect(error.message).toContain('EISDIR');
  });

  it('an injected readFile that fails with a permission error', async () => {
    const error = await rejection(
      fromIni({ filepath: '/x/creds', env: {}, readFile: async () => Promise.reject(Object.assign(new Error('denied'), { code: 'EACCES' })) })(),
    );
    expect(error).toMatchObject({ code: 'UnreadableFile', tryNextLink: false });
    expect(error.message).toBe('/x/creds: cannot be read (EACCES): check that it is a file and that this user may read it.');
  });
});

describe('fromIni: world-readable files', () => {
  it('warns once, with the path and the fix, when a file holding secrets is world-readable', async () => {
    const file = await credentialsFile(`[default]\ntype = access_key\naccess_key_id = a\naccess_key_secret = ${SECRET}\n`, 'credentials', 0o644);
    const logger = recordingLogger();
    const provider = fromIni({ homeDir: home, env: {}, logger });
    await provider();
    await provider({ forceRefresh: true });
    const warnings = logger.lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain(`chmod 600 ${file}`);
    expect(warnings[0]?.message).toContain('mode 644');
    expect(warnings[0]?.message).not.toContain(SECRET);
  });

  it('does not warn for mode 600, nor for a world-readable file without secrets', async () => {
    const logger = recordingLogger();
    await credentialsFile(`[default]\ntype = access_key\naccess_key_id = a\naccess_key_secret = ${SECRET}\n`);
    await fromIni({ homeDir: home, env: {}, logger })();
    await credentialsFile('[default]\ntype = ecs_ram_role\n', 'credentials', 0o644);
    await fromIni({ homeDir: home, env: {}, logger, providers: { ecsMetadata: recordingFactory<EcsMetadataInit>('ecs').factory } })();
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });
});

describe('fromIni: delegated types', () => {
  it('ram_role_arn with its own keys hands source, role and STS options to providers.ramRoleArn', async () => {
    await credentialsFile(
      [
        '[default]',
        'type = ram_role_arn',
        'access_key_id = LTAI-src',
        `access_key_secret = ${SECRET}`,
        'role_arn = acs:ram::123456789012:role/dev   # the role',
        'role_session_name = me',
        'policy = {"Version":"1"}',
        'external_id = ext',
        'role_session_expiration = 1800',
        'sts_region_id = cn-hangzhou',
        'enable_vpc = true',
      ].join('\n'),
    );
    const role = recordingFactory<RamRoleArnInit>('role');
    const env = { SOME: 'thing' };
    const creds = await fromIni({ homeDir: home, env, providers: { ramRoleArn: role.factory } })();
    expect(creds.accessKeyId).toBe('role-id');
    expect(role.inits).toHaveLength(1);
    const init = role.inits[0]!;
    expect(init).toMatchObject({
      roleArn: 'acs:ram::123456789012:role/dev',
      roleSessionName: 'me',
      policy: '{"Version":"1"}',
      externalId: 'ext',
      durationSeconds: 1800,
      region: 'cn-hangzhou',
      vpc: true,
      env,
    });
    expect(init).not.toHaveProperty('endpoint');
    const source = await init.source();
    expect(source).toMatchObject({ accessKeyId: 'LTAI-src', accessKeySecret: SECRET, providerName: 'ini' });
  });

  it('ram_role_arn chains through source_profile (role → role → keys), disabled section notwithstanding the README', async () => {
    await credentialsFile(
      [
        '[default]\ntype = ram_role_arn\nrole_arn = acs:ram::1:role/outer\nsource_profile = middle',
        '[middle]\ntype = ram_role_arn\nrole_arn = acs:ram::1:role/inner\nsource_profile = keys',
        '[keys]\ntype = access_key\naccess_key_id = LTAI-keys\naccess_key_secret = s',
      ].join('\n'),
    );
    const role = recordingFactory<RamRoleArnInit>('role');
    await fromIni({ homeDir: home, env: {}, providers: { ramRoleArn: role.factory } })();
    expect(role.inits.map((i) => i.roleArn)).toEqual(['acs:ram::1:role/inner', 'acs:ram::1:role/outer']);
    expect((await role.inits[0]!.source()).accessKeyId).toBe('LTAI-keys');
    expect((await role.inits[1]!.source()).accessKeyId).toBe('role-id');
  });

  it('a source_profile cycle is refused with the path', async () => {
    await credentialsFile(
      [
        '[default]\ntype = ram_role_arn\nrole_arn = r\nsource_profile = a',
        '[a]\ntype = ram_role_arn\nrole_arn = r\nsource_profile = b',
        '[b]\ntype = ram_role_arn\nrole_arn = r\nsource_profile = a',
      ].join('\n'),
    );
    const error = await rejection(fromIni({ homeDir: home, env: {}, providers: { ramRoleArn: recordingFactory<RamRoleArnInit>('r').factory } })());
    expect(error).toMatchObject({ code: 'ProfileCycle', tryNextLink: false });
    expect(error.message).toContain('"default" -> "a" -> "b" -> "a"');
  });

  it('a self-referencing, missing or disabled source_profile is a broken profile, not "not configured"', async () => {
    const providers = { ramRoleArn: recordingFactory<RamRoleArnInit>('r').factory };
    await credentialsFile('[default]\ntype = ram_role_arn\nrole_arn = r\nsource_profile = default\n');
    expect(await rejection(fromIni({ homeDir: home, env: {}, providers })())).toMatchObject({ code: 'ProfileCycle', tryNextLink: false });
    await credentialsFile('[default]\ntype = ram_role_arn\nrole_arn = r\nsource_profile = ghost\n');
    expect(await rejection(fromIni({ homeDir: home, env: {}, providers })())).toMatchObject({ code: 'InvalidProfile', tryNextLink: false });
    await credentialsFile('[default]\ntype = ram_role_arn\nrole_arn = r\nsource_profile = off\n[off]\nenable = false\ntype = access_key\n');
    expect(await rejection(fromIni({ homeDir: home, env: {}, providers })())).toMatchObject({ code: 'InvalidProfile', tryNextLink: false });
    await credentialsFile('[default]\ntype = ram_role_arn\nrole_arn = r\nsource_profile = k\naccess_key_id = a\naccess_key_secret = b\n[k]\ntype = access_key\n');
    const both = await rejection(fromIni({ homeDir: home, env: {}, providers })());
    expect(both.message).toContain('has both source_profile and access_key_id');
  });

  it('oidc_role_arn, ecs_ram_role and credentials_uri hand their keys to the injected factories', async () => {
    await credentialsFile(
      [
        '[oidc]\ntype = oidc_role_arn\nrole_arn = acs:ram::1:role/rrsa\noidc_provider_arn = acs:ram::1:oidc-provider/ack\noidc_token_file_path = /var/run/token\nrole_session_name = pod',
        '[ecs]\ntype = ecs_ram_role\nrole_name = EcsRamRoleTest\ndisable_imds_v1 = true',
        '[uri]\ntype = credentials_uri\ncredentials_uri = http://127.0.0.1:8080/creds',
      ].join('\n'),
    );
    const oidc = recordingFactory<OidcRoleArnInit>('oidc');
    const ecs = recordingFactory<EcsMetadataInit>('ecs');
    const uri = recordingFactory<CredentialsUriInit>('uri');
    const providers = { oidcRoleArn: oidc.factory, ecsMetadata: ecs.factory, credentialsUri: uri.factory };
    const logger = recordingLogger();
    expect((await fromIni({ homeDir: home, env: {}, providers, profile: 'oidc', logger })()).accessKeyId).toBe('oidc-id');
    expect((await fromIni({ homeDir: home, env: {}, providers, profile: 'ecs' })()).accessKeyId).toBe('ecs-id');
    expect((await fromIni({ homeDir: home, env: {}, providers, profile: 'uri' })()).accessKeyId).toBe('uri-id');
    expect(oidc.inits[0]).toEqual({
      roleArn: 'acs:ram::1:role/rrsa',
      oidcProviderArn: 'acs:ram::1:oidc-provider/ack',
      oidcTokenFile: '/var/run/token',
      roleSessionName: 'pod',
      env: {},
      logger,
    });
    expect(ecs.inits[0]).toEqual({ roleName: 'EcsRamRoleTest', disableImdsV1: true, env: {} });
    expect(uri.inits[0]).toEqual({ uri: 'http://127.0.0.1:8080/creds', env: {} });
  });

  it('the delegated provider is built once and reused (its cache lives on)', async () => {
    await credentialsFile('[default]\ntype = ecs_ram_role\n');
    const ecs = recordingFactory<EcsMetadataInit>('ecs');
    const provider = fromIni({ homeDir: home, env: {}, providers: { ecsMetadata: ecs.factory } });
    await provider();
    await provider();
    await Promise.all([provider(), provider()]);
    expect(ecs.inits).toHaveLength(1);
  });
});

describe('fromIni: the official README example file', () => {
  const README = `[default]                          # default setting
enable = true                      # Enable，Enabled by default if this option is not present
type = access_key                  # Certification type: access_key
access_key_id = foo                # Key
access_key_secret = bar            # Secret

[client1]                          # configuration that is named as \`client1\`
type = ecs_ram_role                # Certification type: ecs_ram_role
role_name = EcsRamRoleTest         # Role Name

[client2]                          # configuration that is named as \`client2\`
enable = false                     # Disable
type = ram_role_arn                # Certification type: ram_role_arn
access_key_id = foo
access_key_secret = bar
role_arn = role_arn
role_session_name = session_name   # optional
`;
  it('gives the documented results per profile', async () => {
    await credentialsFile(README);
    const ecs = recordingFactory<EcsMetadataInit>('ecs');
    const init = { homeDir: home, env: {}, providers: { ecsMetadata: ecs.factory } };
    expect(await fromIni(init)()).toMatchObject({ accessKeyId: 'foo', accessKeySecret: 'bar' });
    expect((await fromIni({ ...init, profile: 'client1' })()).accessKeyId).toBe('ecs-id');
    expect(ecs.inits[0]).toEqual({ roleName: 'EcsRamRoleTest', env: {} });
    expect(await rejection(fromIni({ ...init, profile: 'client2' })())).toMatchObject({ code: 'ProfileDisabled', tryNextLink: true });
  });
});
