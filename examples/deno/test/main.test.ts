// Runs main.ts with the deno npm binary, as a user would (`deno run main.ts`), against the emulator's
// credentials URI and OSS on 127.0.0.1. Deno resolves @alicred/* from node_modules with its `deno` condition,
// i.e. each package's built dist/edge; the permissions prove the script needs nothing but loopback and its
// variables.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(here, '..');
const denoBin = path.join(path.dirname(createRequire(path.join(dir, 'package.json')).resolve('deno/package.json')), 'bin.cjs');
const VARIABLES = ['ALIBABA_CLOUD_CREDENTIALS_URI', 'OSS_ENDPOINT', 'OSS_REGION', 'OSS_BUCKET'];

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu?.close());

function deno(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [denoBin, 'run', '--no-prompt', '--no-lock', '--allow-net=127.0.0.1', `--allow-env=${VARIABLES.join(',')}`, 'main.ts', ...args],
      { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', ...env } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('uploads and reads back an object with credentials from the credentials URI', async () => {
  const { code, stdout, stderr } = await deno(['deno/example.txt'], {
    ALIBABA_CLOUD_CREDENTIALS_URI: `${emu.url}${emu.seed.credentialsPath}`,
    OSS_ENDPOINT: emu.url,
    OSS_REGION: 'cn-hangzhou',
    OSS_BUCKET: emu.seed.bucket!,
  });
  expect(code, stderr).toBe(0);
  expect(stdout).toContain('uploaded deno/example.txt, read back: uploaded from Deno');
  // Printing the credentials shows the id and [redacted] for the secret and token.
  expect(stdout).toMatch(/accessKeyId: "STS\.[^"]+", accessKeySecret: "\[redacted\]", securityToken: "\[redacted\]"/);
  // Two signed requests, one fetch of the credentials URI: the provider caches.
  expect(emu.requests({ service: 'uri' })).toHaveLength(1);
  expect(emu.requests({ service: 'oss' }).map((r) => r.method)).toEqual(['PUT', 'GET']);
}, 60_000);

it('fails with a clear message, and no secret, when the credential server is down', async () => {
  emu.faults.add({ service: 'uri', status: 500, times: 1 });
  const { code, stdout, stderr } = await deno([], {
    ALIBABA_CLOUD_CREDENTIALS_URI: `${emu.url}${emu.seed.credentialsPath}`,
    OSS_ENDPOINT: emu.url,
    OSS_REGION: 'cn-hangzhou',
    OSS_BUCKET: emu.seed.bucket!,
  });
  expect(code).not.toBe(0);
  expect(stderr).toMatch(/HTTP 500/);
  expect(stdout + stderr).not.toContain(emu.seed.accessKeySecret);
}, 60_000);
