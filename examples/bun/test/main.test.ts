// Runs main.ts with the bun npm binary (`bun main.ts`, TypeScript run directly, @alicred/* resolved from
// node_modules to each package's built Node build) against the emulator's STS and OSS on 127.0.0.1, with a
// real OIDC token file, as ACK RRSA provides one.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(here, '..');
const bunBin = path.join(path.dirname(createRequire(path.join(dir, 'package.json')).resolve('bun/package.json')), 'bin', 'bun.exe');

let emu: Emulator;
let tmp: string;
beforeAll(async () => {
  emu = await startEmulator();
  tmp = mkdtempSync(path.join(tmpdir(), 'alicred-bun-example-'));
});
afterAll(async () => {
  await emu?.close();
  rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => emu.reset());

function bun(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bunBin, ['main.ts'], {
      cwd: dir,
      // Only what the pod would have: no AccessKey variable at all.
      env: { PATH: process.env.PATH, HOME: tmp, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function rrsaEnv(tokenFile: string): Record<string, string> {
  return {
    ALIBABA_CLOUD_ROLE_ARN: emu.seed.oidcRoleArn!,
    ALIBABA_CLOUD_OIDC_PROVIDER_ARN: emu.seed.oidcProviderArn!,
    ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
    STS_ENDPOINT: emu.url,
    OSS_ENDPOINT: emu.url,
    OSS_REGION: 'cn-hangzhou',
    OSS_BUCKET: emu.seed.bucket!,
  };
}

it('exchanges the OIDC token for role credentials, checks the identity and writes to OSS', async () => {
  const tokenFile = path.join(tmp, 'token');
  const token = emu.mintOidcToken();
  writeFileSync(tokenFile, `${token}\n`);
  const { code, stdout, stderr } = await bun(rrsaEnv(tokenFile));
  expect(code, stderr).toBe(0);
  const roleName = emu.seed.oidcRoleArn!.split('/').pop()!;
  expect(stdout).toMatch(new RegExp(`running as acs:ram::\\d+:assumed-role/${roleName}/bun-heartbeat`));
  expect(stdout).toMatch(/wrote heartbeats\/\d+\.json/);
  // One AssumeRoleWithOIDC for both uses (identity check and OSS signing): the provider caches.
  expect(emu.requests({ service: 'sts', action: 'AssumeRoleWithOIDC' })).toHaveLength(1);
  expect(emu.requests({ service: 'oss' }).map((r) => [r.method, r.status])).toEqual([['PUT', 200]]);
  expect(stdout + stderr).not.toContain(token);
}, 60_000);

it('fails without leaking the token when STS rejects it', async () => {
  const tokenFile = path.join(tmp, 'expired-token');
  const token = emu.mintOidcToken({ expiresIn: -60 });
  writeFileSync(tokenFile, token);
  const { code, stdout, stderr } = await bun(rrsaEnv(tokenFile));
  expect(code).not.toBe(0);
  expect(stderr).toMatch(/OIDCToken/);
  expect(stdout + stderr).not.toContain(token);
  expect(emu.requests({ service: 'oss' })).toHaveLength(0);
}, 60_000);
