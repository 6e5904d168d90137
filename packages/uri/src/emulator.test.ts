import { startEmulator, type Emulator } from '@alicred/emulator';
import { isCredentialsError } from '@alicred/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromCredentialsUri, type FromCredentialsUriInit } from './index';

// End to end against the emulator's credentials-URI service (apps/emulator, 127.0.0.1 only) and its faults.

let emulator: Emulator;
let uri: string;

beforeAll(async () => {
  emulator = await startEmulator();
  uri = `${emulator.url}${emulator.seed.credentialsPath}`;
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.reset();
});

const uriRequests = () => emulator.requests({ service: 'uri' }).length;

async function failure(init: FromCredentialsUriInit) {
  const error = await fromCredentialsUri({ uri, ...init })().then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(isCredentialsError(error)).toBe(true);
  const e = error as Error & { code: string; tryNextLink: boolean };
  expect(e.tryNextLink).toBe(false);
  expect(e.message).not.toMatch(/"AccessKeySecret"|"SecurityToken"/);
  return e;
}

describe('fromCredentialsUri against the emulator', () => {
  it('gets STS credentials, with ALIBABA_CLOUD_CREDENTIALS_URI', async () => {
    const creds = await fromCredentialsUri({ env: { ALIBABA_CLOUD_CREDENTIALS_URI: uri } })();
    expect(creds.accessKeyId).toMatch(/^STS\./);
    expect(creds.accessKeySecret.length).toBeGreaterThan(0);
    expect(creds.securityToken?.length).toBeGreaterThan(0);
    expect(creds.expiration!.getTime()).toBeGreaterThan(Date.now());
    expect(creds.providerName).toBe('uri');
    expect(JSON.stringify(creds)).not.toContain(creds.accessKeySecret);
    expect(String(creds)).not.toContain(creds.securityToken!);
  });

  it('one request for 50 concurrent callers and later calls', async () => {
    const provider = fromCredentialsUri({ uri });
    const all = await Promise.all(Array.from({ length: 50 }, () => provider()));
    await provider();
    expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1);
    expect(uriRequests()).toBe(1);
  });

  it('fetches again once the credentials near expiry (pinned clocks)', async () => {
    let t = Date.parse('2026-05-01T00:00:00Z');
    emulator.setNow(() => new Date(t));
    try {
      const provider = fromCredentialsUri({ uri, now: () => t, random: () => 0.5 });
      const first = await provider();
      const lifetime = first.expiration!.getTime() - t;
      expect(lifetime).toBeGreaterThan(60_000);
      t += lifetime / 2;
      expect(await provider()).toBe(first);
      expect(uriRequests()).toBe(1);
      t = first.expiration!.getTime() + 1000;
      const second = await provider();
      expect(second.accessKeyId).not.toBe(first.accessKeyId);
      expect(second.expiration!.getTime()).toBeGreaterThan(t);
      expect(uriRequests()).toBe(2);
    } finally {
      emulator.setNow(undefined);
    }
  });

  it.each([500, 403, 404])('fault status %i: HttpError naming the status', async (status) => {
    emulator.faults.add({ service: 'uri', status });
    const e = await failure({});
    expect(e.code).toBe('HttpError');
    expect(e.message).toContain(String(status));
  });

  it('throttling: HttpError, and retried when retries are asked for', async () => {
    emulator.faults.add({ service: 'uri', throttle: true });
    expect((await failure({})).code).toBe('HttpError');
    emulator.faults.clear();
    emulator.faults.add({ service: 'uri', status: 503, times: 1 });
    const creds = await fromCredentialsUri({ uri, retries: 1 })();
    expect(creds.accessKeyId).toMatch(/^STS\./);
    expect(uriRequests()).toBe(3);
  });

  it('malformed JSON: InvalidResponse', async () => {
    emulator.faults.add({ service: 'uri', body: 'malformed' });
    expect((await failure({})).code).toBe('InvalidResponse');
  });

  it('truncated body: InvalidResponse, the half body is not echoed', async () => {
    emulator.faults.add({ service: 'uri', body: 'truncated' });
    const e = await failure({});
    expect(e.code).toBe('InvalidResponse');
    expect(e.message).not.toContain('STS.');
  });

  it('oversized body: BodyTooLarge, not a memory spike', async () => {
    emulator.faults.add({ service: 'uri', body: 'oversized' });
    expect((await failure({})).code).toBe('BodyTooLarge');
  });

  it('a hanging server: Timeout at timeoutMs', async () => {
    emulator.faults.add({ service: 'uri', hang: true });
    const e = await failure({ timeoutMs: 300 });
    expect(e.code).toBe('Timeout');
  });

  it('a slow server past the timeout: Timeout', async () => {
    emulator.faults.add({ service: 'uri', latencyMs: 1_000 });
    expect((await failure({ timeoutMs: 200 })).code).toBe('Timeout');
  });

  it('already expired credentials: Expired', async () => {
    emulator.faults.add({ service: 'uri', expiredCredentials: true });
    const e = await failure({});
    expect(e.code).toBe('Expired');
    expect(e.message).toContain('expired at');
  });

  it('a failed fetch is not cached: the next call succeeds once the fault is gone', async () => {
    emulator.faults.add({ service: 'uri', status: 500, times: 1 });
    const provider = fromCredentialsUri({ uri });
    await expect(provider()).rejects.toMatchObject({ code: 'HttpError' });
    expect((await provider()).accessKeyId).toMatch(/^STS\./);
    expect(uriRequests()).toBe(2);
  });
});
