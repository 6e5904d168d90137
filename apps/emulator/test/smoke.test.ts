import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index';
import { callRpc } from './helpers';

describe('startEmulator', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());

  it('binds 127.0.0.1 on a free port', () => {
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.port).toBeGreaterThan(0);
  });

  it('answers GetCallerIdentity for the seed key and logs the request', async () => {
    const r = await callRpc(emu.url, { action: 'GetCallerIdentity', accessKeyId: emu.seed.accessKeyId, accessKeySecret: emu.seed.accessKeySecret });
    expect(r.status).toBe(200);
    expect(r.body['Arn']).toBe(emu.seed.userArn);
    expect(emu.requests({ service: 'sts', action: 'GetCallerIdentity' })).toHaveLength(1);
  });

  it('serves the credentials URI and ECS role credentials', async () => {
    const uri = await fetch(`${emu.url}${emu.seed.credentialsPath}`);
    expect(uri.status).toBe(200);
    expect(await uri.json()).toMatchObject({ Code: 'Success', AccessKeyId: expect.stringMatching(/^STS\./) });
    const role = await fetch(`${emu.url}/latest/meta-data/ram/security-credentials/`);
    expect(await role.text()).toBe(emu.seed.ecsRoleName);
  });

  it('routes other requests to OSS', async () => {
    const r = await fetch(`${emu.url}/${emu.seed.bucket}/missing`);
    expect(r.status).toBe(403);
    expect(emu.requests({ service: 'oss' }).length).toBeGreaterThan(0);
  });
});
