import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './index';
import { callRpc, rawRequest } from '../test/helpers';

describe('faults', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ now: new Date('2024-05-01T10:00:00Z') });
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset());
  const uri = () => rawRequest(`${emu.url}${emu.seed.credentialsPath}`);
  const who = () =>
    callRpc(emu.url, { action: 'GetCallerIdentity', accessKeyId: emu.seed.accessKeyId, accessKeySecret: emu.seed.accessKeySecret, timestamp: emu.now() });

  it('status and throttle faults answer in the service style, `times` limits them, counts are logged', async () => {
    emu.faults.add({ service: 'sts', action: 'GetCallerIdentity', throttle: true, times: 1 });
    expect(await who()).toMatchObject({ status: 400, body: { Code: 'Throttling.User' } });
    expect((await who()).status).toBe(200);
    emu.faults.add({ service: 'uri', status: 503 });
    expect((await uri()).status).toBe(503);
    expect(emu.requests({ service: 'sts' }).map((r) => r.status)).toEqual([400, 200]);
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(0);
  });

  it('malformed, truncated and oversized bodies', async () => {
    const h = emu.faults.add({ service: 'uri', body: 'malformed' });
    const malformed = (await uri()).text;
    expect(() => JSON.parse(malformed)).toThrow();
    h.remove();
    const full = (await uri()).text;
    emu.faults.add({ service: 'uri', body: 'truncated', times: 1 });
    const cut = (await uri()).text;
    expect(cut.length).toBeLessThan(full.length / 2 + 2);
    emu.faults.add({ service: 'uri', body: 'oversized', times: 1 });
    expect((await uri()).text.length).toBeGreaterThan(10 * 1024 * 1024);
  });

  it('expiredCredentials hands out credentials that STS then refuses', async () => {
    emu.faults.add({ service: 'uri', expiredCredentials: true, times: 1 });
    const body = JSON.parse((await uri()).text) as Record<string, string>;
    expect(new Date(body['Expiration']!).getTime()).toBeLessThan(emu.now().getTime());
    const r = await callRpc(emu.url, {
      action: 'GetCallerIdentity',
      accessKeyId: body['AccessKeyId'],
      accessKeySecret: body['AccessKeySecret'],
      securityToken: body['SecurityToken'],
      timestamp: emu.now(),
    });
    expect(r.body['Code']).toBe('InvalidSecurityToken.Expired');
  });

  it('clockSkewSeconds makes the service see a shifted clock', async () => {
    emu.faults.add({ service: 'sts', clockSkewSeconds: 3600, times: 1 });
    expect((await who()).body['Code']).toBe('InvalidTimeStamp.Expired');
    expect((await who()).status).toBe(200);
  });

  it('latency delays the answer; hang never answers until the client aborts', async () => {
    emu.faults.add({ service: 'uri', latencyMs: 50, times: 1 });
    expect((await uri()).status).toBe(200);
    emu.faults.add({ service: 'uri', hang: true, times: 1 });
    const controller = new AbortController();
    const pending = fetch(`${emu.url}${emu.seed.credentialsPath}`, { signal: controller.signal }).catch((e: Error) => e.name);
    // Abort only once the emulator has the request, so the test does not depend on machine speed.
    while (emu.requests({ service: 'uri' }).length < 2) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    expect(await pending).toBe('AbortError');
    expect(emu.requests({ service: 'uri' }).at(-1)?.status).toBe(0);
    expect((await uri()).status).toBe(200);
  });

  it('rejects invalid rules and clear() removes all', () => {
    expect(() => emu.faults.add({ service: 'sts', status: 42 })).toThrow(/status/);
    emu.faults.add({ service: 'sts', throttle: true });
    emu.faults.clear();
    expect(emu.faults.list()).toHaveLength(0);
  });
});
