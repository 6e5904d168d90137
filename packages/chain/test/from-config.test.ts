import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBearerToken } from '@alicred/bearer';
import { isCredentialsError, type CredentialProvider } from '@alicred/core';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_TYPES, fromConfig, type CredentialsConfig } from '../src/index';

const refused = (globalThis as { __refusedRequests?: string[] }).__refusedRequests as string[];
let emu: Emulator;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator();
  dir = mkdtempSync(join(tmpdir(), 'alicred-config-'));
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => emu.reset());
afterEach(() => expect(refused).toEqual([]));

function configError(make: () => unknown) {
  let error: unknown;
  try {
    make();
  } catch (e) {
    error = e;
  }
  expect(isCredentialsError(error)).toBe(true);
  expect((error as { code: string }).code).toBe('InvalidConfiguration');
  return (error as Error).message;
}

describe('fromConfig(): field names and environment fallbacks', () => {
  it('access_key: camelCase (Node) and snake_case (Python) give the same credentials', async () => {
    const camel = await (fromConfig({ type: 'access_key', accessKeyId: 'LTAI5tCamel', accessKeySecret: 's1', env: {} }) as CredentialProvider)();
    const snake = await fromConfig({ type: 'access_key', access_key_id: 'LTAI5tSnake', access_key_secret: 's2', env: {} })();
    expect([camel.accessKeyId, camel.accessKeySecret, camel.securityToken]).toEqual(['LTAI5tCamel', 's1', undefined]);
    expect([snake.accessKeyId, snake.accessKeySecret]).toEqual(['LTAI5tSnake', 's2']);
  });

  it('access_key falls back to ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET, as the official builders do', async () => {
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tEnv', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'e' };
    expect((await fromConfig({ type: 'access_key', env })()).accessKeyId).toBe('LTAI5tEnv');
  });

  it('sts needs the token (field or ALIBABA_CLOUD_SECURITY_TOKEN)', async () => {
    const c = await fromConfig({ type: 'sts', accessKeyId: 'STS.x', accessKeySecret: 's', securityToken: 't', env: {} })();
    expect(c.securityToken).toBe('t');
    const env = { ALIBABA_CLOUD_SECURITY_TOKEN: 'from-env' };
    expect((await fromConfig({ type: 'sts', access_key_id: 'STS.y', access_key_secret: 's', env })()).securityToken).toBe('from-env');
    const message = configError(() => fromConfig({ type: 'sts', accessKeyId: 'STS.x', accessKeySecret: 's', env: {} }));
    expect(message).toContain('securityToken (security_token), or ALIBABA_CLOUD_SECURITY_TOKEN');
  });

  it('a missing field names both spellings and the variable', () => {
    const message = configError(() => fromConfig({ type: 'access_key', accessKeyId: 'LTAI5tX', env: {} }));
    expect(message).toBe('fromConfig: type access_key needs accessKeySecret (access_key_secret), or ALIBABA_CLOUD_ACCESS_KEY_SECRET in the environment.');
  });

  it('unknown and missing types list the valid choices; rsa_key_pair is refused with a reason', () => {
    const list = CONFIG_TYPES.join(', ');
    expect(list).toBe('access_key, sts, ram_role_arn, oidc_role_arn, ecs_ram_role, credentials_uri, bearer, kms_client_key, fc_context');
    expect(configError(() => fromConfig({ type: 'acces_key' }))).toContain(`unknown type "acces_key": use one of ${list}.`);
    expect(configError(() => fromConfig({} as CredentialsConfig))).toContain(`no type: use one of ${list}.`);
    expect(configError(() => fromConfig({ type: 'rsa_key_pair' }))).toContain('deprecated');
    expect(configError(() => fromConfig({ type: 'toString' }))).toContain('unknown type');
  });

  it('unknown fields are refused, listing the fields; both spellings with different values are refused', () => {
    const unknown = configError(() => fromConfig({ type: 'access_key', accesKeyId: 'x' } as CredentialsConfig));
    expect(unknown).toContain('unknown field "accesKeyId"');
    expect(unknown).toContain('access_key_id');
    expect(configError(() => fromConfig({ type: 'access_key', accessKeyId: 'a', access_key_id: 'b', accessKeySecret: 's' }))).toContain(
      'accessKeyId and access_key_id are the same field',
    );
    // The same value twice is fine.
    expect(() => fromConfig({ type: 'access_key', accessKeyId: 'LTAI5tA', access_key_id: 'LTAI5tA', accessKeySecret: 's' })).not.toThrow();
  });

  it('proxy is refused with the alternative rather than silently ignored; dead official fields are accepted', () => {
    expect(configError(() => fromConfig({ type: 'access_key', accessKeyId: 'a', accessKeySecret: 's', proxy: 'http://p:1' }))).toContain('pass a fetch');
    expect(() =>
      fromConfig({ type: 'ecs_ram_role', enableIMDSv2: true, metadata_token_duration: 21600, asyncCredentialUpdateEnabled: true, env: {} }),
    ).not.toThrow();
  });

  it('ill-typed values are refused', () => {
    expect(configError(() => fromConfig({ type: 'access_key', accessKeyId: 42 as never, accessKeySecret: 's' }))).toContain('accessKeyId must be a string');
    expect(configError(() => fromConfig({ type: 'ecs_ram_role', disableIMDSv1: 'maybe' as never, env: {} }))).toContain('must be true or false');
    expect(configError(() => fromConfig({ type: 'ecs_ram_role', timeout: -1, env: {} }))).toContain('positive integer');
  });

  it('the secret never appears in an error', () => {
    const message = configError(() => fromConfig({ type: 'access_key', accessKeyId: 'a', access_key_id: 'b', accessKeySecret: 'TOP-SECRET-VALUE' }));
    expect(message).not.toContain('TOP-SECRET-VALUE');
  });
});

describe('fromConfig(): every type against the emulator', () => {
  const ak = () => ({ access_key_id: emu.seed.accessKeyId, access_key_secret: emu.seed.accessKeySecret });

  it('ram_role_arn (snake_case, Python), AssumeRole with session name, duration, policy', async () => {
    const provider = fromConfig({
      type: 'ram_role_arn',
      ...ak(),
      role_arn: emu.seed.roleArn,
      role_session_name: 'py-session',
      role_session_expiration: 900,
      policy: JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
      sts_endpoint: emu.url,
      env: {},
    });
    const credentials = await provider();
    expect(credentials.providerName).toBe('ram-role');
    expect(credentials.expiration!.getTime() - Date.now()).toBeLessThanOrEqual(900_000);
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(1);
  });

  it('ram_role_arn (camelCase, Node) with externalId, and with the role ARN from ALIBABA_CLOUD_ROLE_ARN', async () => {
    const provider = fromConfig({
      type: 'ram_role_arn',
      accessKeyId: emu.seed.accessKeyId,
      accessKeySecret: emu.seed.accessKeySecret,
      externalId: emu.seed.externalId,
      stsEndpoint: emu.url,
      env: { ALIBABA_CLOUD_ROLE_ARN: emu.seed.externalIdRoleArn as string },
    });
    expect((await provider()).accessKeyId).toMatch(/^STS\./);
  });

  it('ram_role_arn with a security token chains roles; `source` takes any provider', async () => {
    const first = await fromConfig({ type: 'ram_role_arn', ...ak(), role_arn: emu.seed.roleArn, sts_endpoint: emu.url, env: {} })();
    const chained = fromConfig({
      type: 'ram_role_arn',
      accessKeyId: first.accessKeyId,
      accessKeySecret: first.accessKeySecret,
      securityToken: first.securityToken,
      roleArn: emu.seed.roleArn,
      stsEndpoint: emu.url,
      env: {},
    });
    expect((await chained()).accessKeyId).toMatch(/^STS\./);
    const viaSource = fromConfig({ type: 'ram_role_arn', source: async () => first, roleArn: emu.seed.roleArn, stsEndpoint: emu.url, env: {} });
    expect((await viaSource()).accessKeyId).toMatch(/^STS\./);
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(3);
  });

  it('ram_role_arn without an AccessKey or role ARN: errors naming the fields', () => {
    expect(configError(() => fromConfig({ type: 'ram_role_arn', roleArn: emu.seed.roleArn, env: {} }))).toContain('accessKeyId (access_key_id)');
    expect(configError(() => fromConfig({ type: 'ram_role_arn', ...ak(), env: {} }))).toContain('roleArn (role_arn), or ALIBABA_CLOUD_ROLE_ARN');
  });

  it('oidc_role_arn: fields or the three RRSA variables', async () => {
    const tokenFile = join(dir, 'oidc-token');
    writeFileSync(tokenFile, emu.mintOidcToken());
    const viaFields = fromConfig({
      type: 'oidc_role_arn',
      role_arn: emu.seed.oidcRoleArn,
      oidc_provider_arn: emu.seed.oidcProviderArn,
      oidc_token_file_path: tokenFile,
      sts_endpoint: emu.url,
      env: {},
    });
    expect((await viaFields()).providerName).toBe('oidc');
    const viaEnv = fromConfig({
      type: 'oidc_role_arn',
      stsEndpoint: emu.url,
      env: {
        ALIBABA_CLOUD_ROLE_ARN: emu.seed.oidcRoleArn as string,
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: emu.seed.oidcProviderArn as string,
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
      },
    });
    expect((await viaEnv()).providerName).toBe('oidc');
    expect(configError(() => fromConfig({ type: 'oidc_role_arn', roleArn: 'acs:ram::1:role/r', env: {} }))).toContain('oidcProviderArn (oidc_provider_arn)');
  });

  it('ecs_ram_role: role name and IMDSv1 switch (metadata endpoint from the environment)', async () => {
    const provider = fromConfig({ type: 'ecs_ram_role', role_name: emu.seed.ecsRoleName, disable_imds_v1: true, env: { ALICRED_ECS_METADATA_ENDPOINT: emu.url } });
    const credentials = await provider();
    expect(credentials.providerName).toBe('ecs-imds');
    expect(emu.requests({ service: 'ecs', action: 'GetRoleName' })).toHaveLength(0);
  });

  it('credentials_uri: every spelling, and ALIBABA_CLOUD_CREDENTIALS_URI', async () => {
    const uri = `${emu.url}${emu.seed.credentialsPath}`;
    for (const config of [
      { type: 'credentials_uri', credentialsURI: uri, env: {} },
      { type: 'credentials_uri', credentials_uri: uri, env: {} },
      { type: 'credentials_uri', env: { ALIBABA_CLOUD_CREDENTIALS_URI: uri } },
    ] as CredentialsConfig[]) {
      expect(((await (fromConfig(config) as CredentialProvider)()).providerName)).toBe('uri');
    }
    expect(configError(() => fromConfig({ type: 'credentials_uri', env: {} }))).toContain('credentialsURI (credentialsUri, credentials_uri)');
  });

  it('bearer gives bearer tokens', async () => {
    const token = await fromConfig({ type: 'bearer', bearer_token: 'ccc-token' })();
    expect(isBearerToken(token)).toBe(true);
    expect(token.token).toBe('ccc-token');
    expect(JSON.stringify(token)).not.toContain('ccc-token');
  });

  it('fc_context reads the handler context', async () => {
    const context = { credentials: { accessKeyId: 'STS.fc', accessKeySecret: 's', securityToken: 't' } };
    const credentials = await fromConfig({ type: 'fc_context', context })();
    expect(credentials.providerName).toBe('fc-context');
    expect(credentials.securityToken).toBe('t');
  });
});
