import { isCredentialsError, type CredentialProvider, type Credentials, type Logger } from '@alicred/core';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCES } from './support/matrix';
import { startResetProxy, type ResetProxy } from './support/reset-proxy';

// Outage: credentials valid for 1 h, the upstream gone (every connection reset) from minute 30. Callers
// must keep getting the cached credentials until they expire, then a clear error — except ECS, whose
// documented static stability serves the expired credentials for 5–10 minute extensions with a warning.
// The providers run on a fake clock; the emulator issues 1 h credentials on the real one.

let emu: Emulator;
let proxy: ResetProxy;

beforeAll(async () => {
  emu = await startEmulator({ config: { ecs: { credentialSeconds: 3600 } } });
  proxy = await startResetProxy(new URL(emu.url));
});
afterAll(async () => {
  await proxy?.close();
  await emu?.close();
});

const MIN = 60_000;

interface Run {
  provider: CredentialProvider;
  setNow(t: number): void;
  warnings: string[];
}

function start(sourceId: string, on: { emu: Emulator; proxy: ResetProxy } = { emu, proxy }, clock = { t: Date.now() }): Run {
  const source = SOURCES.find((s) => s.id === sourceId)!;
  const warnings: string[] = [];
  const logger: Logger = { debug: () => {}, info: () => {}, warn: (m: unknown) => void warnings.push(String(m)), error: () => {} };
  on.proxy.mode = 'pass';
  // The matrix's source set-up, with its 300 ms timeouts: each failed refresh ends fast.
  const provider = source.make({ emu: on.emu, proxy: on.proxy, now: () => clock.t, logger });
  return { provider, setNow: (t) => void (clock.t = t), warnings };
}

/** Calls until any background refresh started by earlier calls has ended (it fails fast: resets). */
async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 30));
}

describe.each(['sts-assume-role', 'sts-oidc', 'credentials-uri', 'chain-uri'])('%s outage from minute 30', (sourceId) => {
  it('serves the cached credentials until they expire, then fails with NetworkError', { timeout: 30_000 }, async () => {
    const run = start(sourceId);
    const first: Credentials = await run.provider();
    const expiry = first.expiration!.getTime();
    const issued = expiry - 60 * MIN;
    expect(expiry - Date.now()).toBeGreaterThan(59 * MIN);

    run.setNow(issued + 30 * MIN);
    proxy.mode = 'reset';
    // Every minute until the last second before the 10 s expiry margin: always the same credentials.
    const times = [...Array.from({ length: 30 }, (_, i) => issued + (30 + i) * MIN), expiry - 11_000];
    for (const t of times) {
      run.setNow(t);
      await expect(run.provider()).resolves.toBe(first);
      await settle();
    }
    // The background refreshes inside the window failed and said so; callers never saw them.
    const until = Date.now() + 5_000;
    while (!run.warnings.some((w) => w.includes('refreshing credentials failed (NetworkError)')) && Date.now() < until) await settle();
    expect(run.warnings.some((w) => w.includes('refreshing credentials failed (NetworkError)'))).toBe(true);

    for (const t of [expiry - 9_000, expiry + MIN, expiry + 30 * MIN]) {
      run.setNow(t);
      const error = await run.provider().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isCredentialsError(error)).toBe(true);
      const e = error as { code: string; tryNextLink: boolean; message: string };
      expect(e.code).toBe('NetworkError');
      expect(e.tryNextLink).toBe(false);
      // Clear: names the host it could not reach, and nothing secret.
      expect(e.message).toContain('127.0.0.1');
      expect(e.message).not.toContain(first.accessKeySecret);
    }
    proxy.mode = 'pass';
  });
});

describe('ecs-metadata outage from minute 30', () => {
  // The metadata service renews instance credentials on its own clock: here it shares the fake one, so the
  // recovery at the end gets credentials that are new for both.
  const clock = { t: Date.now() };
  let ecsEmu: Emulator;
  let ecsProxy: ResetProxy;
  beforeAll(async () => {
    ecsEmu = await startEmulator({ now: () => new Date(clock.t), config: { ecs: { credentialSeconds: 3600 } } });
    ecsProxy = await startResetProxy(new URL(ecsEmu.url));
  });
  afterAll(async () => {
    await ecsProxy?.close();
    await ecsEmu?.close();
  });

  it('serves the cached credentials until expiry, then the same (expired) ones in logged static-stability extensions', { timeout: 30_000 }, async () => {
    const run = start('ecs-metadata', { emu: ecsEmu, proxy: ecsProxy }, clock);
    const proxy = ecsProxy;
    const first = await run.provider();
    const expiry = first.expiration!.getTime();
    const issued = expiry - 60 * MIN;

    proxy.mode = 'reset';
    for (let m = 30; m < 60; m += 1) {
      run.setNow(issued + m * MIN);
      await expect(run.provider()).resolves.toBe(first);
      await settle();
    }
    const before = run.warnings.filter((w) => w.includes('static stability')).length;
    expect(before).toBe(0);
    // Past expiry the instance credentials stay in use: the metadata service is the only source there is.
    const served: Credentials[] = [];
    for (let m = 0; m <= 30; m += 1) {
      run.setNow(expiry + m * MIN);
      served.push(await run.provider());
      await settle();
    }
    for (const creds of served) {
      expect(creds.accessKeyId).toBe(first.accessKeyId);
      // The object keeps its original expiration: a caller can see it runs on extended credentials.
      expect(creds.expiration!.getTime()).toBe(expiry);
    }
    // Each 5–10 minute extension is announced: 30 min of outage past expiry → at least 3 warnings.
    const extensions = run.warnings.filter((w) => w.includes('static stability'));
    expect(extensions.length).toBeGreaterThanOrEqual(3);
    expect(extensions.length).toBeLessThanOrEqual(7);
    proxy.mode = 'pass';

    // When the service is back, the next refresh replaces them.
    run.setNow(expiry + 45 * MIN);
    let fresh: Credentials = first;
    for (let i = 0; i < 100 && fresh.expiration!.getTime() === expiry; i += 1) {
      fresh = await run.provider();
      await settle();
    }
    expect(fresh.expiration!.getTime()).toBeGreaterThan(expiry);
  });
});
