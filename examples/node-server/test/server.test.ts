// The service from src/server.ts on 127.0.0.1, with the official @alicloud/sts20150401 client calling the
// emulator's STS. Each case hands the server a different environment, as different hosts would: the same
// code finds an AccessKey in the environment, or the "ECS" instance role (the emulator's metadata service),
// or reports what to configure. HOME is an empty directory, so no profile file of this machine is read.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { createWhoamiServer } from '../src/server';

let emu: Emulator;
let home: string;
let server: Server | undefined;

beforeAll(async () => {
  emu = await startEmulator();
  home = mkdtempSync(path.join(tmpdir(), 'alicred-node-server-'));
});
afterAll(async () => {
  await emu?.close();
  rmSync(home, { recursive: true, force: true });
});
beforeEach(() => emu.reset());
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  vi.restoreAllMocks();
});

async function start(env: Record<string, string>): Promise<string> {
  server = createWhoamiServer({ env: { HOME: home, STS_ENDPOINT: emu.url, ...env } });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

it('a laptop or CI: the AccessKey from the environment signs the SDK call', async () => {
  const url = await start({
    ALIBABA_CLOUD_ACCESS_KEY_ID: emu.seed.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: emu.seed.accessKeySecret,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
  });
  const res = await fetch(`${url}/whoami`);
  const body = await res.text();
  expect(res.status, body).toBe(200);
  expect(JSON.parse(body)).toMatchObject({ arn: emu.seed.userArn, credentials: 'env', accountId: emu.seed.accountId });
  expect(body).not.toContain(emu.seed.accessKeySecret);
  expect(emu.requests({ service: 'sts', action: 'GetCallerIdentity' })).toHaveLength(1);
});

it('an ECS instance: the same code uses the instance RAM role, fetched once for many requests', async () => {
  // ALICRED_ECS_METADATA_ENDPOINT stands in for 100.100.100.200, which no test may contact.
  const url = await start({ ALICRED_ECS_METADATA_ENDPOINT: emu.url });
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${url}/whoami`);
    const body = await res.text();
    expect(res.status, body).toBe(200);
    const roleName = emu.seed.ecsRoleArn!.split('/').pop();
    expect(JSON.parse(body)).toMatchObject({ identityType: 'AssumedRoleUser', credentials: 'ecs-imds' });
    expect(JSON.parse(body).arn).toContain(`:assumed-role/${roleName}/`);
  }
  expect(emu.requests({ service: 'sts', action: 'GetCallerIdentity' })).toHaveLength(3);
  // Cached: one credentials GET from the metadata service for all three requests.
  const credentialGets = emu.requests({ service: 'ecs' }).filter((r) => r.method === 'GET' && r.path.startsWith(`/latest/meta-data/ram/security-credentials/${emu.seed.ecsRoleName}`));
  expect(credentialGets).toHaveLength(1);
});

it('nothing configured: 503 with what to configure, and no request leaves the machine', async () => {
  const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const url = await start({ ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' });
  const res = await fetch(`${url}/healthz`);
  expect(res.status).toBe(503);
  const { error } = (await res.json()) as { error: string };
  expect(error).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
  expect(error).toContain('ALIBABA_CLOUD_CREDENTIALS_URI');
  expect(logged).toHaveBeenCalledTimes(1);
  expect(emu.requests()).toHaveLength(0);
});
