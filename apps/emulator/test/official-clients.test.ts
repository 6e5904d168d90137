import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as Credentials from '@alicloud/credentials';
import * as OpenApi from '@alicloud/openapi-client';
import Sts, * as StsModels from '@alicloud/sts20150401';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index';

const { ECSRAMRoleCredentialsProvider, URICredentialsProvider } = Credentials as unknown as {
  ECSRAMRoleCredentialsProvider: { builder(): { withRoleName(n: string): { build(): EcsProvider }; build(): EcsProvider } };
  URICredentialsProvider: { builder(): { withCredentialsURI(u: string): { build(): CredProvider } } };
};
interface OfficialCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  providerName: string;
}
interface CredProvider {
  getCredentials(): Promise<OfficialCredentials>;
}
interface EcsProvider extends CredProvider {
  doRequest: (req: { host: string; protocol: string }) => Promise<unknown>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const StsClient = ((Sts as unknown as { default?: typeof Sts }).default ?? Sts) as typeof Sts;

describe('official Alibaba Cloud clients against the emulator', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ tls: true });
  });
  afterAll(() => emu.close());

  function stsClient(accessKeyId = emu.seed.accessKeyId, accessKeySecret = emu.seed.accessKeySecret, securityToken?: string) {
    return new StsClient(
      new OpenApi.Config({ accessKeyId, accessKeySecret, securityToken, endpoint: emu.url.replace('http://', ''), protocol: 'http', regionId: 'cn-hangzhou' }),
    );
  }

  it('@alicloud/sts20150401 (ACS3 signed) calls AssumeRole, then GetCallerIdentity with the STS credentials', async () => {
    const assumed = await stsClient().assumeRole(
      new StsModels.AssumeRoleRequest({ roleArn: emu.seed.roleArn, roleSessionName: 'sdk-session', durationSeconds: 900 }),
    );
    const creds = assumed.body!.credentials!;
    expect(creds.accessKeyId).toMatch(/^STS\./);
    expect(new Date(creds.expiration!).getTime() - emu.now().getTime()).toBeGreaterThan(800_000);

    const who = await stsClient(creds.accessKeyId, creds.accessKeySecret, creds.securityToken).getCallerIdentity();
    expect(who.body!.identityType).toBe('AssumedRoleUser');
    expect(who.body!.arn).toBe(`acs:ram::${emu.seed.accountId}:assumed-role/emulator-role/sdk-session`);
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(1);
  });

  it('@alicloud/sts20150401 gets a real STS error for a wrong secret', async () => {
    const err = await stsClient(emu.seed.accessKeyId, 'not-the-secret').getCallerIdentity().catch((e: unknown) => e as { code?: string; statusCode?: number });
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
  });

  it('@alicloud/credentials URI provider obtains credentials', async () => {
    const provider = URICredentialsProvider.builder().withCredentialsURI(`${emu.url}${emu.seed.credentialsPath}`).build();
    const c = await provider.getCredentials();
    expect(c.accessKeyId).toMatch(/^STS\./);
    expect(c.securityToken).toBeTruthy();
    expect(emu.requests({ service: 'uri' }).length).toBeGreaterThanOrEqual(1);
  });

  it('@alicloud/credentials ECS-role provider obtains credentials over IMDSv2', async () => {
    const provider = ECSRAMRoleCredentialsProvider.builder().build();
    // The provider hard-codes http://100.100.100.200. Its own HTTP stack still runs; only the target of each
    // request is moved to the emulator, so no packet is ever addressed to the real metadata service.
    const real = provider.doRequest.bind(provider);
    const port = new URL(emu.url).port;
    provider.doRequest = (req) => {
      if (req.host !== '100.100.100.200') throw new Error(`unexpected host ${req.host}`);
      req.host = `127.0.0.1:${port}`;
      return real(req);
    };
    emu.reset();
    const c = await provider.getCredentials();
    expect(c.accessKeyId).toMatch(/^STS\./);
    expect(c.providerName).toBe('ecs_ram_role');
    // token for the role-name lookup, role name, token for the credentials, credentials
    expect(emu.requests({ service: 'ecs' }).map((r) => `${r.action}:${r.status}`)).toEqual([
      'GetMetadataToken:200',
      'GetRoleName:200',
      'GetMetadataToken:200',
      'GetRoleCredentials:200',
    ]);
  });

  it('@alicloud/credentials RAM-role and OIDC providers obtain credentials over https (child process trusting the test CA)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emu-official-'));
    try {
      writeFileSync(path.join(dir, 'ca.pem'), emu.caPem!);
      writeFileSync(path.join(dir, 'token'), emu.mintOidcToken({ subject: 'system:serviceaccount:ns:app' }));
      const { stdout } = await promisify(execFile)(process.execPath, [path.join(here, 'fixtures/official-https-providers.cjs')], {
        cwd: path.join(here, '..'),
        env: {
          PATH: process.env['PATH'] ?? '',
          NODE_EXTRA_CA_CERTS: path.join(dir, 'ca.pem'),
          EMU_STS_ENDPOINT: emu.tlsUrl!.replace('https://', ''),
          EMU_AK: emu.seed.accessKeyId,
          EMU_SK: emu.seed.accessKeySecret,
          EMU_ROLE_ARN: emu.seed.roleArn,
          EMU_OIDC_ROLE_ARN: emu.seed.oidcRoleArn!,
          EMU_OIDC_PROVIDER_ARN: emu.seed.oidcProviderArn!,
          EMU_OIDC_TOKEN_FILE: path.join(dir, 'token'),
        },
        timeout: 60_000,
      });
      const out = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, { accessKeyId: string; hasToken: boolean } | string>;
      expect(out['ramRole']).toMatchObject({ accessKeyId: expect.stringMatching(/^STS\./), hasToken: true });
      expect(out['oidc']).toMatchObject({ accessKeyId: expect.stringMatching(/^STS\./), hasToken: true });
      // The official Node client recognises the emulator's SignatureDoesNotMatch (same string to sign) as a bad secret.
      expect(out['wrongSecret']).toContain('the access key secret is invalid');
      expect(emu.requests({ service: 'sts', action: 'AssumeRoleWithOIDC' }).at(-1)?.status).toBe(200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
