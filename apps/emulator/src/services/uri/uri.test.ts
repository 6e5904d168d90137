import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../index';
import { callRpc, rawRequest } from '../../../test/helpers';

describe('credentials URI service', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ now: new Date('2024-05-01T10:00:00Z'), config: { credentialsUri: { path: '/v1/creds', durationSeconds: 900 } } });
  });
  afterAll(() => emu.close());

  it('serves the documented JSON with credentials that STS then accepts', async () => {
    const r = await rawRequest(`${emu.url}/v1/creds`);
    expect(r.status).toBe(200);
    const body = JSON.parse(r.text) as Record<string, string>;
    expect(body).toMatchObject({ Code: 'Success', Expiration: '2024-05-01T10:15:00Z' });
    const who = await callRpc(emu.url, {
      action: 'GetCallerIdentity',
      accessKeyId: body['AccessKeyId'],
      accessKeySecret: body['AccessKeySecret'],
      securityToken: body['SecurityToken'],
      timestamp: emu.now(),
    });
    expect(who.body['Arn']).toMatch(/assumed-role\/emulator-uri-role\//);
  });

  it('answers only GET on the configured path', async () => {
    expect((await rawRequest(`${emu.url}/v1/creds`, { method: 'POST' })).status).toBe(405);
    expect(emu.seed.credentialsPath).toBe('/v1/creds');
  });
});
