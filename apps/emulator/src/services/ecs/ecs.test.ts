import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../index';
import { rawRequest } from '../../../test/helpers';

const T0 = new Date('2024-05-01T10:00:00Z');
const CREDS = '/latest/meta-data/ram/security-credentials/';

describe('ECS metadata service', () => {
  let emu: Emulator | undefined;
  afterEach(() => emu?.close());
  const start = async (mode: 'v2-required' | 'v1-allowed' | 'no-token-endpoint') => {
    emu = await startEmulator({ now: T0, config: { ecs: { mode } } });
    return emu;
  };
  const token = (e: Emulator, ttl = '21600') =>
    rawRequest(`${e.url}/latest/api/token`, { method: 'PUT', headers: { 'x-aliyun-ecs-metadata-token-ttl-seconds': ttl } });

  it('v2-required: token first, then role name and credentials with the token header', async () => {
    const e = await start('v2-required');
    expect((await rawRequest(`${e.url}${CREDS}`)).status).toBe(401);
    const t = await token(e);
    expect(t.status).toBe(200);
    const headers = { 'x-aliyun-ecs-metadata-token': t.text };
    const role = await rawRequest(`${e.url}${CREDS}`, { headers });
    expect(role).toMatchObject({ status: 200, text: e.seed.ecsRoleName });
    const creds = await rawRequest(`${e.url}${CREDS}${role.text}`, { headers });
    const body = JSON.parse(creds.text) as Record<string, string>;
    expect(body).toMatchObject({ Code: 'Success', AccessKeyId: expect.stringMatching(/^STS\./), LastUpdated: '2024-05-01T10:00:00Z' });
    expect(body['Expiration']).toBe('2024-05-01T16:00:00Z');
    expect(Object.keys(body).sort()).toEqual(['AccessKeyId', 'AccessKeySecret', 'Code', 'Expiration', 'LastUpdated', 'SecurityToken']);
    expect((await rawRequest(`${e.url}${CREDS}other-role`, { headers })).status).toBe(404);
    expect((await rawRequest(`${e.url}${CREDS}`, { headers: { 'x-aliyun-ecs-metadata-token': 'forged' } })).status).toBe(401);
  });

  it('validates the token TTL header (1..21600) and refuses proxied token requests', async () => {
    const e = await start('v2-required');
    expect((await token(e, '0')).status).toBe(400);
    expect((await token(e, '21601')).status).toBe(400);
    expect((await token(e, '1')).status).toBe(200);
    expect((await rawRequest(`${e.url}/latest/api/token`, { method: 'PUT' })).status).toBe(400);
    const proxied = await rawRequest(`${e.url}/latest/api/token`, {
      method: 'PUT',
      headers: { 'x-aliyun-ecs-metadata-token-ttl-seconds': '60', 'x-forwarded-for': '10.0.0.1' },
    });
    expect(proxied.status).toBe(403);
  });

  it('tokens expire with the emulator clock', async () => {
    const e = await start('v2-required');
    const t = await token(e, '60');
    e.setNow(new Date(T0.getTime() + 61_000));
    expect((await rawRequest(`${e.url}${CREDS}`, { headers: { 'x-aliyun-ecs-metadata-token': t.text } })).status).toBe(401);
  });

  it('v1-allowed: works without a token; no-token-endpoint: PUT answers 404', async () => {
    const v1 = await start('v1-allowed');
    expect((await rawRequest(`${v1.url}${CREDS}`)).status).toBe(200);
    await v1.close();
    const old = await start('no-token-endpoint');
    expect((await token(old)).status).toBe(404);
    expect((await rawRequest(`${old.url}${CREDS}${old.seed.ecsRoleName}`)).status).toBe(200);
  });

  it('keeps handing out the same credentials until half their lifetime is gone, and STS accepts them', async () => {
    const e = await start('v1-allowed');
    const get = async () => JSON.parse((await rawRequest(`${e.url}${CREDS}${e.seed.ecsRoleName}`)).text) as Record<string, string>;
    const a = await get();
    expect((await get())['AccessKeyId']).toBe(a['AccessKeyId']);
    e.setNow(new Date(T0.getTime() + 3 * 3600_000 + 1000));
    const b = await get();
    expect(b['AccessKeyId']).not.toBe(a['AccessKeyId']);
    expect(e.requests({ service: 'ecs', action: 'GetRoleCredentials' })).toHaveLength(3);
  });
});
