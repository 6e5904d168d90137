import { CredentialsError, fromStatic, isCredentialsError } from '@alicred/core';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { createStsClient } from '@alicred/sts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromRamRoleArn, type FromRamRoleArnInit } from './from-ram-role-arn';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterEach(() => emu.reset());
afterAll(async () => {
  await emu.close();
});

const noSleep = async () => {};
const seedSource = () => fromStatic({ accessKeyId: emu.seed.accessKeyId, accessKeySecret: emu.seed.accessKeySecret });
const assumeRoleCount = () => emu.requests({ service: 'sts', action: 'AssumeRole' }).length;

function role(init: Partial<FromRamRoleArnInit> = {}) {
  return fromRamRoleArn({ source: seedSource(), roleArn: emu.seed.roleArn, endpoint: emu.url, sleep: noSleep, env: {}, ...init });
}

function syncFailure(make: () => unknown) {
  try {
    make();
  } catch (error) {
    expect(isCredentialsError(error)).toBe(true);
    return error as CredentialsError;
  }
  throw new Error('expected a CredentialsError');
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    expect(isCredentialsError(error)).toBe(true);
    return error as CredentialsError;
  }
  throw new Error('expected the call to fail');
}

describe('fromRamRoleArn against the emulator', () => {
  it('assumes the role with the source credentials', async () => {
    const creds = await role({ roleSessionName: 'happy' })();
    expect(creds.accessKeyId).toMatch(/^STS\./);
    expect(creds.providerName).toBe('ram-role');
    expect(creds.expiration).toBeInstanceOf(Date);
    const who = await createStsClient({ endpoint: emu.url }).getCallerIdentity({ credentials: creds });
    expect(who.arn).toBe(`acs:ram::${emu.seed.accountId}:assumed-role/emulator-role/happy`);
  });

  it('chains roles: AK → role → role', async () => {
    const first = role({ roleSessionName: 'hop-1' });
    const second = role({ source: first, roleArn: emu.seed.externalIdRoleArn, externalId: emu.seed.externalId, roleSessionName: 'hop-2' });
    const creds = await second();
    const who = await createStsClient({ endpoint: emu.url }).getCallerIdentity({ credentials: creds });
    expect(who.arn).toContain('assumed-role/emulator-external-id-role/hop-2');
    expect(assumeRoleCount()).toBe(2);
    // The inner role is cached by its own provider: a forced outer refresh re-uses it.
    await second({ forceRefresh: true });
    expect(assumeRoleCount()).toBe(3);
  });

  it('takes STS credentials (with a token) as the source', async () => {
    const sts = await createStsClient({ endpoint: emu.url }).assumeRole({
      credentials: { accessKeyId: emu.seed.accessKeyId, accessKeySecret: emu.seed.accessKeySecret },
      roleArn: emu.seed.roleArn,
      roleSessionName: 'token-source',
    });
    const source = fromStatic({
      accessKeyId: sts.credentials.accessKeyId,
      accessKeySecret: sts.credentials.accessKeySecret,
      securityToken: sts.credentials.securityToken!,
    });
    const creds = await role({ source, roleSessionName: 'from-token' })();
    expect(creds.accessKeyId).toMatch(/^STS\./);
    expect(creds.accessKeyId).not.toBe(sts.credentials.accessKeyId);
  });

  it('1000 concurrent callers cause exactly one AssumeRole', async () => {
    const provider = role();
    const all = await Promise.all(Array.from({ length: 1000 }, () => provider()));
    expect(assumeRoleCount()).toBe(1);
    expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1);
  });

  it('a 900 s session is not re-assumed on every call, and is refreshed once inside its window', async () => {
    let clock = Date.now();
    const provider = role({ durationSeconds: 900, now: () => clock, random: () => 0 });
    const first = await provider();
    for (let i = 0; i < 50; i += 1) await provider();
    clock += 500_000;
    for (let i = 0; i < 50; i += 1) expect((await provider()).accessKeyId).toBe(first.accessKeyId);
    expect(assumeRoleCount()).toBe(1);
    // 900 s lifetime → 300 s refresh window: at 620 s one background refresh, served at once from the cache.
    clock += 120_000;
    expect((await provider()).accessKeyId).toBe(first.accessKeyId);
    await vi.waitFor(() => expect(assumeRoleCount()).toBe(2));
    await Promise.all(Array.from({ length: 20 }, () => provider()));
    const next = await provider();
    expect(next.accessKeyId).not.toBe(first.accessKeyId);
    expect(assumeRoleCount()).toBe(2);
  });

  it('serves still-valid credentials during an STS outage, and fails after they expire', async () => {
    let clock = Date.now();
    const provider = role({ now: () => clock, random: () => 0, retries: 0 });
    const first = await provider();
    emu.faults.add({ service: 'sts', status: 503 });
    clock += 3_400_000; // inside the refresh window: a background refresh fails, the cache serves
    expect((await provider()).accessKeyId).toBe(first.accessKeyId);
    await vi.waitFor(() => expect(assumeRoleCount()).toBe(2));
    expect((await provider()).accessKeyId).toBe(first.accessKeyId);
    clock = first.expiration!.getTime() + 1_000; // expired: never handed out
    const e = await failure(provider());
    expect(e.code).toBe('ServiceUnavailable');
    // The failure is not cached: the next call asks STS again (and fails again while it is down).
    const before = assumeRoleCount();
    expect((await failure(provider())).code).toBe('ServiceUnavailable');
    expect(assumeRoleCount()).toBe(before + 1);
  });

  it('retries a throttled AssumeRole', async () => {
    emu.faults.add({ service: 'sts', action: 'AssumeRole', throttle: true, times: 1 });
    const creds = await role()();
    expect(creds.accessKeyId).toMatch(/^STS\./);
    expect(assumeRoleCount()).toBe(2);
  });

  it('surfaces STS errors (NoPermission) without caching them', async () => {
    const provider = role({ roleArn: emu.seed.oidcRoleArn });
    const e = await failure(provider());
    expect(e.code).toBe('NoPermission');
    expect(e.tryNextLink).toBe(false);
  });
});

describe('fromRamRoleArn configuration', () => {
  it('reads ALIBABA_CLOUD_ROLE_ARN and ALIBABA_CLOUD_ROLE_SESSION_NAME', async () => {
    const provider = fromRamRoleArn({
      source: seedSource(),
      endpoint: emu.url,
      env: { ALIBABA_CLOUD_ROLE_ARN: emu.seed.roleArn, ALIBABA_CLOUD_ROLE_SESSION_NAME: 'from-env' },
    });
    const creds = await provider();
    const who = await createStsClient({ endpoint: emu.url }).getCallerIdentity({ credentials: creds });
    expect(who.arn).toMatch(/assumed-role\/emulator-role\/from-env$/);
  });

  it('defaults the session name to alicred-<ms>', async () => {
    const provider = role({ now: () => 1_700_000_000_000 });
    const creds = await provider();
    const who = await createStsClient({ endpoint: emu.url }).getCallerIdentity({ credentials: creds });
    expect(who.arn).toMatch(/\/alicred-1700000000000$/);
  });

  it.each([
    ['no role ARN', { roleArn: undefined }, /ALIBABA_CLOUD_ROLE_ARN/],
    ['a malformed role ARN', { roleArn: 'arn:aws:iam::1:role/x' }, /not a RAM role ARN/],
    ['a bad session name', { roleSessionName: 'has space' }, /role session name/],
    ['a duration under 900 s', { durationSeconds: 600 }, /at least 900/],
    ['no source', { source: undefined }, /source provider/],
    ['a remote http endpoint', { endpoint: 'http://sts.example.com' }, /plain http/],
  ])('throws InvalidConfiguration at once for %s', (_name, overrides, message) => {
    const e = syncFailure(() => role(overrides as Partial<FromRamRoleArnInit>));
    expect(e.code).toBe('InvalidConfiguration');
    expect(e.message).toMatch(message);
    expect(e.tryNextLink).toBe(false);
  });

  it('a source that is not configured makes a broken role, not a skipped link', async () => {
    const source = async () => {
      throw new CredentialsError('ALIBABA_CLOUD_ACCESS_KEY_ID is not set', { code: 'NotConfigured', provider: 'env', tryNextLink: true });
    };
    const e = await failure(role({ source })());
    expect(e.tryNextLink).toBe(false);
    expect(e.code).toBe('NotConfigured');
    expect(e.message).toMatch(/source credentials/);
    expect(assumeRoleCount()).toBe(0);
  });

  it('a wrong source secret reports SignatureDoesNotMatch with a hint, without the secret', async () => {
    const source = fromStatic({ accessKeyId: emu.seed.accessKeyId, accessKeySecret: 'definitely-wrong-secret' });
    const e = await failure(role({ source })());
    expect(e.code).toBe('SignatureDoesNotMatch');
    expect(e.message).toMatch(/AccessKey secret is wrong/);
    expect(`${e.message}${JSON.stringify(e)}${String(e.stack)}`).not.toContain('definitely-wrong-secret');
  });
});
