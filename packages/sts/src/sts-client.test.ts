import { createServer, type Socket } from 'node:net';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { isCredentialsError } from '@alicred/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStsClient, type StsClientOptions } from './sts-client';
import { isStsError } from './sts-error';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterEach(() => emu.reset());
afterAll(async () => {
  await emu.close();
});

const noSleep = async () => {};
const client = (options: StsClientOptions = {}) => createStsClient({ endpoint: emu.url, sleep: noSleep, ...options });
const seedKey = () => ({ accessKeyId: emu.seed.accessKeyId, accessKeySecret: emu.seed.accessKeySecret });

/** Everything a user might print of an error. */
function printed(error: unknown): string {
  const e = error as Error & { cause?: unknown };
  return [e.message, String(e.stack), JSON.stringify(e), String(e.cause ?? '')].join('\n');
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    expect(isCredentialsError(error)).toBe(true);
    return error as Error & { code: string; stsCode?: string; requestId?: string; hint?: string; tryNextLink: boolean };
  }
  throw new Error('expected the call to fail');
}

describe('AssumeRole against the emulator', () => {
  it('returns STS credentials with an expiration and the assumed role user', async () => {
    const result = await client().assumeRole({ credentials: seedKey(), roleArn: emu.seed.roleArn, roleSessionName: 'happy-path' });
    expect(result.credentials.accessKeyId).toMatch(/^STS\./);
    expect(result.credentials.securityToken).toMatch(/^CAIS/);
    expect(result.credentials.providerName).toBe('sts');
    const lifetime = result.credentials.expiration!.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(3500_000);
    expect(lifetime).toBeLessThanOrEqual(3600_000);
    expect(result.assumedRoleUser?.arn).toBe(`${emu.seed.roleArn}/happy-path`);
    expect(result.requestId).toBeTruthy();
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(1);
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' })[0]?.method).toBe('POST');
  });

  it('chains: STS credentials as the signing source, with their token', async () => {
    const sts = client();
    const first = await sts.assumeRole({ credentials: seedKey(), roleArn: emu.seed.roleArn, roleSessionName: 'hop-1' });
    const second = await sts.assumeRole({ credentials: first.credentials, roleArn: emu.seed.roleArn, roleSessionName: 'hop-2', durationSeconds: 900 });
    expect(second.credentials.accessKeyId).not.toBe(first.credentials.accessKeyId);
    expect(second.credentials.expiration!.getTime() - Date.now()).toBeLessThanOrEqual(900_000);
    const who = await sts.getCallerIdentity({ credentials: second.credentials });
    expect(who.identityType).toBe('AssumedRoleUser');
    expect(who.arn).toContain('hop-2');
  });

  it('passes ExternalId and Policy (with spaces, so the encoding matters)', async () => {
    const policy = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'oss:Get*', Resource: '*', Condition: { x: 'a b' } }] });
    const result = await client().assumeRole({
      credentials: seedKey(),
      roleArn: emu.seed.externalIdRoleArn!,
      roleSessionName: 'ext-id',
      externalId: emu.seed.externalId!,
      policy,
    });
    expect(result.credentials.accessKeyId).toMatch(/^STS\./);
  });

  it('GetCallerIdentity names the RAM user', async () => {
    const who = await client().getCallerIdentity({ credentials: seedKey() });
    expect(who.accountId).toBe(emu.seed.accountId);
    expect(who.arn).toBe(emu.seed.userArn);
    expect(who.identityType).toBe('RAMUser');
  });
});

describe('STS error codes become CredentialsErrors with code, RequestId and hint', () => {
  it('SignatureDoesNotMatch: wrong secret, and neither the secret, the token nor the signature leak', async () => {
    const { credentials: sts } = await client().assumeRole({ credentials: seedKey(), roleArn: emu.seed.roleArn, roleSessionName: 'leak-check' });
    const wrong = { accessKeyId: sts.accessKeyId, accessKeySecret: 'wrong-secret-0123456789', securityToken: sts.securityToken! };
    let seenSignature = '';
    const recording: typeof fetch = async (input, init) => {
      seenSignature = new URL(String(input)).searchParams.get('Signature') ?? '';
      return fetch(input, init);
    };
    const e = await failure(client({ fetch: recording }).assumeRole({ credentials: wrong, roleArn: emu.seed.roleArn, roleSessionName: 'bad-sig' }));
    expect(e.code).toBe('SignatureDoesNotMatch');
    expect(isStsError(e)).toBe(true);
    expect(e.hint).toMatch(/AccessKey secret is wrong/);
    expect(e.requestId).toBeTruthy();
    expect(e.message).toContain(e.requestId!);
    expect(e.tryNextLink).toBe(false);
    const text = printed(e);
    expect(seenSignature.length).toBeGreaterThan(10);
    for (const secret of ['wrong-secret-0123456789', sts.securityToken!, seenSignature, encodeURIComponent(sts.securityToken!)]) {
      expect(text).not.toContain(secret);
    }
  });

  it('InvalidAccessKeyId.NotFound', async () => {
    const e = await failure(client().getCallerIdentity({ credentials: { accessKeyId: 'LTAI5tNoSuchKey', accessKeySecret: 'x-secret-value' } }));
    expect(e.code).toBe('InvalidAccessKeyId.NotFound');
    expect(e.hint).toMatch(/does not exist/);
  });

  it('InvalidSecurityToken.Expired: a source STS token past its expiration', async () => {
    emu.faults.add({ service: 'sts', action: 'AssumeRole', expiredCredentials: true, times: 1 });
    // A client clock a minute behind accepts the already-expired answer, so it can be used as a source.
    const lagging = client({ now: () => Date.now() - 60_000 });
    const { credentials } = await lagging.assumeRole({ credentials: seedKey(), roleArn: emu.seed.roleArn, roleSessionName: 'expired' });
    const e = await failure(client().assumeRole({ credentials, roleArn: emu.seed.roleArn, roleSessionName: 'with-expired' }));
    expect(e.code).toBe('InvalidSecurityToken.Expired');
    expect(e.hint).toMatch(/source STS token has expired/);
    expect(printed(e)).not.toContain(credentials.securityToken!);
  });

  it('an answer that is already expired is an Expired error', async () => {
    emu.faults.add({ service: 'sts', action: 'AssumeRole', expiredCredentials: true, times: 1 });
    const e = await failure(client().assumeRole({ credentials: seedKey(), roleArn: emu.seed.roleArn, roleSessionName: 'expired-answer' }));
    expect(e.code).toBe('Expired');
  });

  it('NoPermission: the role does not trust the caller', async () => {
    const e = await failure(client().assumeRole({ credentials: seedKey(), roleArn: emu.seed.oidcRoleArn!, roleSessionName: 'no-trust' }));
    expect(e.code).toBe('NoPermission');
    expect(e.hint).toMatch(/trust policy/);
  });

  it('NoPermission: a missing ExternalId', async () => {
    const e = await failure(client().assumeRole({ credentials: seedKey(), roleArn: emu.seed.externalIdRoleArn!, roleSessionName: 'no-ext' }));
    expect(e.code).toBe('NoPermission');
  });

  it.each([
    ['InvalidParameter.RoleSessionName', { roleSessionName: 'x' }],
    // The external-id role has MaxSessionDuration 3600 in the seed; the emulator's own role allows 12 h.
    ['InvalidParameter.DurationSeconds', { durationSeconds: 7200 }],
    ['InvalidParameter.PolicyGrammar', { policy: 'not json' }],
    ['InvalidParameter.RoleArn', { roleArn: 'acs:ram::123:role/bad name' }],
  ])('%s', async (code, overrides) => {
    const request = { credentials: seedKey(), roleArn: emu.seed.roleArn, roleSessionName: 'params', ...overrides };
    if (code === 'InvalidParameter.DurationSeconds') Object.assign(request, { roleArn: emu.seed.externalIdRoleArn!, externalId: emu.seed.externalId! });
    const e = await failure(client().assumeRole(request));
    expect(e.code).toBe(code);
    expect(e.hint).toBeTruthy();
  });

  it('the duration is checked before any request', async () => {
    const e = await failure(client().assumeRole({ credentials: seedKey(), roleArn: emu.seed.roleArn, roleSessionName: 'short', durationSeconds: 899 }));
    expect(e.code).toBe('InvalidConfiguration');
    expect(emu.requests({ service: 'sts' })).toHaveLength(0);
  });
});

describe('retries', () => {
  it('Throttling.User is retried with backoff and then succeeds', async () => {
    emu.faults.add({ service: 'sts', action: 'AssumeRole', throttle: true, times: 2 });
    const waits: number[] = [];
    const result = await client({ retries: 2, retryBaseDelayMs: 100, random: () => 0.5, sleep: async (ms) => void waits.push(ms) }).assumeRole({
      credentials: seedKey(),
      roleArn: emu.seed.roleArn,
      roleSessionName: 'throttled',
    });
    expect(result.credentials.accessKeyId).toMatch(/^STS\./);
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(3);
    // Exponential with jitter: 100 ms then 200 ms, each cut to between half and all of it.
    expect(waits).toEqual([75, 150]);
  });

  it('gives up after the retries with Throttling.User', async () => {
    emu.faults.add({ service: 'sts', action: 'AssumeRole', throttle: true });
    const e = await failure(client({ retries: 1 }).assumeRole({ credentials: seedKey(), roleArn: emu.seed.roleArn, roleSessionName: 'throttled' }));
    expect(e.code).toBe('Throttling.User');
    expect(e.message).toContain('2 attempts');
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(2);
  });

  it('retries a 503 but never a client error', async () => {
    emu.faults.add({ service: 'sts', action: 'AssumeRole', status: 503, times: 1 });
    await client().assumeRole({ credentials: seedKey(), roleArn: emu.seed.roleArn, roleSessionName: 'after-503' });
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(2);
    emu.reset();
    await failure(client({ retries: 5 }).assumeRole({ credentials: seedKey(), roleArn: emu.seed.roleArn, roleSessionName: 'x' }));
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(1);
  });

  it('a hung STS times out (and is retried as a network failure)', async () => {
    emu.faults.add({ service: 'sts', action: 'AssumeRole', hang: true });
    const e = await failure(client({ timeoutMs: 100, retries: 1 }).assumeRole({ credentials: seedKey(), roleArn: emu.seed.roleArn, roleSessionName: 'hang' }));
    expect(e.code).toBe('Timeout');
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(2);
  });

  it('connection refused is a NetworkError after the retries', async () => {
    const e = await failure(createStsClient({ endpoint: 'http://127.0.0.1:1', sleep: noSleep, retries: 1 }).getCallerIdentity({ credentials: seedKey() }));
    expect(e.code).toBe('NetworkError');
  });

  it('the connect timeout (Node) fires on a TLS handshake that never completes, before the read timeout', async () => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => void sockets.add(socket)); // accepts TCP, never speaks TLS
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const sts = createStsClient({ endpoint: `https://127.0.0.1:${port}`, connectTimeoutMs: 100, timeoutMs: 15_000, retries: 0 });
      const e = await failure(sts.getCallerIdentity({ credentials: seedKey() }));
      expect(e.code).toBe('NetworkError');
      expect(e.message).toContain('UND_ERR_CONNECT_TIMEOUT');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("the caller's signal stops the call", async () => {
    emu.faults.add({ service: 'sts', action: 'AssumeRole', hang: true });
    const controller = new AbortController();
    const pending = client().assumeRole({ credentials: seedKey(), roleArn: emu.seed.roleArn, roleSessionName: 'abort', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect((await failure(pending)).code).toBe('Aborted');
  });

  it('a malformed answer is InvalidResponse', async () => {
    emu.faults.add({ service: 'sts', action: 'AssumeRole', body: 'malformed', times: 1 });
    const e = await failure(client().assumeRole({ credentials: seedKey(), roleArn: emu.seed.roleArn, roleSessionName: 'malformed' }));
    expect(e.code).toBe('InvalidResponse');
  });
});

describe('AssumeRoleWithOIDC', () => {
  it('exchanges a token, anonymously, with the token only in the body', async () => {
    const token = emu.mintOidcToken();
    const urls: string[] = [];
    const recording: typeof fetch = async (input, init) => {
      urls.push(String(input));
      expect(new Headers(init?.headers).get('authorization')).toBeNull();
      return fetch(input, init);
    };
    const result = await client({ fetch: recording }).assumeRoleWithOidc({
      roleArn: emu.seed.oidcRoleArn!,
      oidcProviderArn: emu.seed.oidcProviderArn!,
      oidcToken: token,
      roleSessionName: 'rrsa',
    });
    expect(result.credentials.accessKeyId).toMatch(/^STS\./);
    expect(urls).toHaveLength(1);
    const url = new URL(urls[0]!);
    expect(url.search).not.toContain(token.slice(0, 20));
    expect([...url.searchParams.keys()].sort()).toEqual(['Action', 'Format', 'Timestamp', 'Version']);
  });

  it('a rejected token is an error that does not contain it', async () => {
    const token = emu.mintOidcToken({ expiresIn: -60 });
    const e = await failure(
      client().assumeRoleWithOidc({ roleArn: emu.seed.oidcRoleArn!, oidcProviderArn: emu.seed.oidcProviderArn!, oidcToken: token, roleSessionName: 'old' }),
    );
    expect(e.code).toMatch(/OIDCToken/);
    expect(printed(e)).not.toContain(token);
  });
});
