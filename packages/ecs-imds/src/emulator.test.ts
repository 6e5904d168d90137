import { isCredentialsError, type CredentialsError, type Logger } from '@alicred/core';
import { startEmulator, type Emulator, type EcsConfig } from '@alicred/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { fromEcsMetadata, type FromEcsMetadataInit } from './index';

// Every test talks to the emulator on 127.0.0.1 (apps/emulator): its ECS metadata service in each mode,
// with its faults. The global fetch guard (test/setup.ts) refuses anything that is not loopback.

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const T0 = Date.parse('2026-05-01T00:00:00Z');

async function start(mode: EcsConfig['mode'], clock?: () => number, ecs: Partial<EcsConfig> = {}): Promise<Emulator> {
  emulator = await startEmulator({ config: { ecs: { mode, ...ecs } }, ...(clock ? { now: () => new Date(clock()) } : {}) });
  return emulator;
}

/** The actions the emulator saw, in order: GetMetadataToken, GetRoleName, GetRoleCredentials. */
const actions = (e: Emulator) => e.requests({ service: 'ecs' }).map((r) => `${r.action}:${r.status}`);
const count = (e: Emulator, action: string) => e.requests({ service: 'ecs', action }).length;

function provider(e: Emulator, init: FromEcsMetadataInit = {}) {
  return fromEcsMetadata({ endpoint: e.url, env: {}, ...init });
}

async function failure(promise: Promise<unknown>): Promise<CredentialsError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(isCredentialsError(error)).toBe(true);
  return error as CredentialsError;
}

function recordingLogger() {
  const lines: string[] = [];
  const log = (level: string) => (message: string, ...args: unknown[]) => lines.push(`${level} ${message} ${args.map(String).join(' ')}`);
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  return { logger, lines };
}

describe('IMDSv2 (token required)', () => {
  it('token, role name, credentials: three requests, valid STS credentials', async () => {
    const e = await start('v2-required');
    const creds = await provider(e)();
    expect(creds.accessKeyId).toMatch(/^STS\./);
    expect(creds.securityToken?.length).toBeGreaterThan(0);
    expect(creds.expiration!.getTime()).toBeGreaterThan(Date.now());
    expect(creds.providerName).toBe('ecs-imds');
    expect(actions(e)).toEqual(['GetMetadataToken:200', 'GetRoleName:200', 'GetRoleCredentials:200']);
    expect(JSON.stringify(creds) + String(creds)).not.toContain(creds.accessKeySecret);
  });

  it('role name from ALIBABA_CLOUD_ECS_METADATA (or roleName): no lookup', async () => {
    const e = await start('v2-required');
    await provider(e, { env: { ALIBABA_CLOUD_ECS_METADATA: e.seed.ecsRoleName } })();
    await provider(e, { roleName: e.seed.ecsRoleName })();
    expect(count(e, 'GetRoleName')).toBe(0);
    expect(count(e, 'GetRoleCredentials')).toBe(2);
  });

  it('endpoint from ALICRED_ECS_METADATA_ENDPOINT', async () => {
    const e = await start('v2-required');
    const creds = await fromEcsMetadata({ env: { ALICRED_ECS_METADATA_ENDPOINT: e.url } })();
    expect(creds.accessKeyId).toMatch(/^STS\./);
  });

  it('a token request that fails falls back to v1, which v2-required refuses: HttpError 401 with a hint', async () => {
    const e = await start('v2-required');
    e.faults.add({ service: 'ecs', action: 'GetMetadataToken', status: 403 });
    const error = await failure(provider(e)());
    expect(error.code).toBe('HttpError');
    expect(error.message).toMatch(/401.*IMDSv2 token/);
    expect(error.tryNextLink).toBe(false);
    expect(actions(e)).toEqual(['GetMetadataToken:403', 'GetRoleName:401']);
  });

  it('a token the service forgot (restart) is replaced by a fresh one, not by a v1 request', async () => {
    const e = await start('v2-required');
    const p = provider(e);
    await p();
    e.reset(); // forgets the issued tokens
    await p({ forceRefresh: true });
    expect(actions(e)).toEqual(['GetRoleCredentials:401', 'GetMetadataToken:200', 'GetRoleCredentials:200']);
  });
});

describe('IMDSv1 fallback', () => {
  it('v1-allowed: token first all the same', async () => {
    const e = await start('v1-allowed');
    await provider(e)();
    expect(actions(e)).toEqual(['GetMetadataToken:200', 'GetRoleName:200', 'GetRoleCredentials:200']);
  });

  it('no token endpoint (404): v1, and later refreshes skip the PUT', async () => {
    const e = await start('no-token-endpoint');
    const p = provider(e);
    const first = await p();
    expect(first.accessKeyId).toMatch(/^STS\./);
    await p({ forceRefresh: true });
    await p({ forceRefresh: true });
    expect(actions(e)).toEqual([
      'GetMetadataToken:404',
      'GetRoleName:200',
      'GetRoleCredentials:200',
      'GetRoleCredentials:200',
      'GetRoleCredentials:200',
    ]);
  });

  it('token endpoint 405: v1', async () => {
    const e = await start('v1-allowed');
    e.faults.add({ service: 'ecs', action: 'GetMetadataToken', status: 405 });
    await provider(e)();
    expect(actions(e)).toEqual(['GetMetadataToken:405', 'GetRoleName:200', 'GetRoleCredentials:200']);
  });

  it('token request times out: v1 for this call, the token is tried again next time', async () => {
    const e = await start('v1-allowed');
    e.faults.add({ service: 'ecs', action: 'GetMetadataToken', hang: true, times: 1 });
    const p = provider(e, { timeoutMs: 300 });
    const creds = await p();
    expect(creds.accessKeyId).toMatch(/^STS\./);
    expect(actions(e)).toEqual(['GetMetadataToken:0', 'GetRoleName:200', 'GetRoleCredentials:200']);
    await p({ forceRefresh: true });
    expect(count(e, 'GetMetadataToken')).toBe(2);
  });

  it('token OK but the GET fails: the same GET once more without the token', async () => {
    const e = await start('v1-allowed');
    e.faults.add({ service: 'ecs', action: 'GetRoleCredentials', status: 403, times: 1 });
    const creds = await provider(e)();
    expect(creds.accessKeyId).toMatch(/^STS\./);
    expect(actions(e)).toEqual(['GetMetadataToken:200', 'GetRoleName:200', 'GetRoleCredentials:403', 'GetRoleCredentials:200']);
  });

  it.each([
    ['the disableImdsV1 option', { disableImdsV1: true }],
    ['ALIBABA_CLOUD_IMDSV1_DISABLED=true', { env: { ALIBABA_CLOUD_IMDSV1_DISABLED: 'true' } }],
  ] as const)('v1 disabled by %s: a token failure is final and names the setting', async (setting, init) => {
    const e = await start('no-token-endpoint');
    const error = await failure(provider(e, init)());
    expect(error.code).toBe('HttpError');
    expect(error.message).toContain(`disabled by ${setting}`);
    expect(error.message).toContain('HTTP 404');
    expect(actions(e)).toEqual(['GetMetadataToken:404']);
  });

  it('v1 disabled: a failed tokened GET is not retried without the token', async () => {
    const e = await start('v1-allowed');
    e.faults.add({ service: 'ecs', action: 'GetRoleCredentials', status: 403, times: 1 });
    const error = await failure(provider(e, { disableImdsV1: true })());
    expect(error.message).toContain('disabled by the disableImdsV1 option');
    expect(count(e, 'GetRoleCredentials')).toBe(1);
  });

  it('the option disableImdsV1: false wins over the variable', async () => {
    const e = await start('no-token-endpoint');
    const creds = await provider(e, { disableImdsV1: false, env: { ALIBABA_CLOUD_IMDSV1_DISABLED: 'true' } })();
    expect(creds.accessKeyId).toMatch(/^STS\./);
  });
});

describe('role name', () => {
  it('discovered once, kept across refreshes; re-discovered when the role was replaced', async () => {
    const e = await start('v1-allowed');
    const p = provider(e);
    await p();
    await p({ forceRefresh: true });
    expect(count(e, 'GetRoleName')).toBe(1);
    e.config.ecs.roleName = 'emulator-uri-role';
    e.config.ecs.roleArn = e.seed.uriRoleArn;
    const after = await p({ forceRefresh: true });
    expect(after.accessKeyId).toMatch(/^STS\./);
    expect(e.requests({ service: 'ecs' }).map((r) => `${r.action}:${r.status}`).slice(-3)).toEqual([
      'GetRoleCredentials:404',
      'GetRoleName:200',
      'GetRoleCredentials:200',
    ]);
  });

  it('a wrong configured role name: HttpError 404 naming the setting, no lookup', async () => {
    const e = await start('v1-allowed');
    const error = await failure(provider(e, { roleName: 'not-my-role' })());
    expect(error.code).toBe('HttpError');
    expect(error.message).toMatch(/"not-my-role".*404.*ALIBABA_CLOUD_ECS_METADATA/);
    expect(count(e, 'GetRoleName')).toBe(0);
  });

  it('no role attached (404 on the lookup): NotConfigured, tryNextLink', async () => {
    const e = await start('v1-allowed');
    e.faults.add({ service: 'ecs', action: 'GetRoleName', status: 404 });
    const error = await failure(provider(e)());
    expect(error.code).toBe('NotConfigured');
    expect(error.tryNextLink).toBe(true);
  });
});

describe('broken answers', () => {
  it('a hung service: Timeout after timeoutMs per request, final because the endpoint is configured', async () => {
    const e = await start('v1-allowed');
    e.faults.add({ service: 'ecs', action: 'GetRoleCredentials', hang: true });
    const error = await failure(provider(e, { timeoutMs: 200, roleName: e.seed.ecsRoleName })());
    expect(error.code).toBe('Timeout');
    expect(error.tryNextLink).toBe(false);
    // Tokened GET, then once without the token (the official fallback); timeouts are not retried.
    expect(actions(e)).toEqual(['GetMetadataToken:200', 'GetRoleCredentials:0', 'GetRoleCredentials:0']);
  });

  it.each([
    ['malformed', 'InvalidResponse'],
    ['truncated', 'InvalidResponse'],
    ['oversized', 'BodyTooLarge'],
  ] as const)('a %s body: %s, no secret in the message', async (body, code) => {
    const e = await start('v1-allowed');
    e.faults.add({ service: 'ecs', action: 'GetRoleCredentials', body });
    const error = await failure(provider(e, { roleName: e.seed.ecsRoleName, retries: 0 })());
    expect(error.code).toBe(code);
    expect(error.message).not.toMatch(/AccessKeySecret|SecurityToken"/);
  });

  it('a redirect is not followed: HttpError', async () => {
    const e = await start('v1-allowed');
    e.faults.add({ service: 'ecs', action: 'GetRoleCredentials', status: 302 });
    const error = await failure(provider(e, { roleName: e.seed.ecsRoleName })());
    expect(error.code).toBe('HttpError');
    expect(error.message).toContain('302 (a redirect, not followed)');
  });

  it('the IMDSv2 token never shows in errors or logs', async () => {
    const e = await start('v1-allowed');
    const tokens: string[] = [];
    const spy = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      const sent = new Headers(init?.headers).get('x-aliyun-ecs-metadata-token');
      if (sent) tokens.push(sent);
      return fetch(input, init);
    }) as typeof fetch;
    e.faults.add({ service: 'ecs', action: 'GetRoleCredentials', status: 403, times: 1 });
    const { logger, lines } = recordingLogger();
    await provider(e, { fetch: spy, logger, roleName: e.seed.ecsRoleName })(); // falls back to v1, logged at debug
    e.faults.add({ service: 'ecs', action: 'GetRoleCredentials', status: 403 });
    const error = await failure(provider(e, { fetch: spy, logger, roleName: e.seed.ecsRoleName, disableImdsV1: true })());
    expect(tokens.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('IMDSv1'))).toBe(true);
    for (const token of tokens) {
      expect(lines.join('\n')).not.toContain(token);
      expect(`${error.message} ${String(error.cause)}`).not.toContain(token);
    }
  });

  it('5xx is retried once with backoff, then succeeds', async () => {
    const e = await start('v1-allowed');
    e.faults.add({ service: 'ecs', action: 'GetRoleCredentials', status: 503, times: 1 });
    await provider(e, { roleName: e.seed.ecsRoleName })();
    expect(actions(e)).toEqual(['GetMetadataToken:200', 'GetRoleCredentials:503', 'GetRoleCredentials:200']);
  });

  it('429 (throttling) is not retried at once', async () => {
    const e = await start('v2-required');
    e.faults.add({ service: 'ecs', action: 'GetRoleCredentials', throttle: true });
    const error = await failure(provider(e, { roleName: e.seed.ecsRoleName, disableImdsV1: true })());
    expect(error.message).toContain('HTTP 429');
    expect(count(e, 'GetRoleCredentials')).toBe(1);
  });

  it('a connection refused (emulator gone) with a configured endpoint: NetworkError, final', async () => {
    const e = await start('v1-allowed');
    const url = e.url;
    await e.close();
    emulator = undefined;
    const error = await failure(fromEcsMetadata({ endpoint: url, env: {}, retries: 0 })());
    expect(error.code).toBe('NetworkError');
    expect(error.tryNextLink).toBe(false);
  });
});

describe('refresh and static stability (fake clocks)', () => {
  it('expired credentials from the service are never served: cold is an error, the old ones are extended, then replaced', async () => {
    let t = T0;
    const e = await start('v1-allowed', () => t, { credentialSeconds: 3600 });
    e.faults.add({ service: 'ecs', action: 'GetRoleCredentials', expiredCredentials: true, times: 1 });
    const { logger, lines } = recordingLogger();
    const p = provider(e, { now: () => t, random: () => 0.5, logger });
    // Nothing cached: an error that names the expiry, not the expired credentials.
    await expect(p()).rejects.toMatchObject({ code: 'Expired', provider: 'ecs-imds' });
    const first = await p();
    // The cache expired and the service answers with expired credentials: the old ones are served 5–10 min.
    t = first.expiration!.getTime() + 1_000;
    e.faults.add({ service: 'ecs', action: 'GetRoleCredentials', expiredCredentials: true });
    expect(await p()).toBe(first);
    expect(lines.filter((l) => l.startsWith('warn')).join('\n')).toMatch(/static stability/);
    t += 4 * 60_000;
    expect(await p()).toBe(first);
    e.faults.clear();
    t += 4 * 60_000; // past the 7.5 min extension (random 0.5)
    const fresh = await p();
    expect(fresh.accessKeyId).not.toBe(first.accessKeyId);
    expect(fresh.expiration!.getTime()).toBeGreaterThan(t);
    expect(lines.join('\n')).not.toContain(first.accessKeySecret);
  });

  it('outage after expiry: the old credentials keep being served with a warning, until the service is back', async () => {
    let t = T0;
    const e = await start('v1-allowed', () => t, { credentialSeconds: 3600 });
    const { logger, lines } = recordingLogger();
    const p = provider(e, { now: () => t, random: () => 0, logger });
    const first = await p();
    const outage = e.faults.add({ service: 'ecs', status: 500 });
    t = first.expiration!.getTime() + 1_000;
    expect(await p()).toBe(first); // extended 5 min (random 0)
    expect(lines.some((l) => l.startsWith('warn') && l.includes('static stability'))).toBe(true);
    t += 6 * 60_000;
    expect(await p()).toBe(first); // still down: extended again
    outage.remove();
    t += 6 * 60_000;
    const back = await p();
    expect(back.accessKeyId).not.toBe(first.accessKeyId);
    expect(lines.join('\n')).not.toContain(first.accessKeySecret);
    expect(lines.join('\n')).not.toContain(first.securityToken!);
  });

  it('an outage with nothing cached is an error (static stability needs earlier credentials)', async () => {
    const e = await start('v1-allowed');
    e.faults.add({ service: 'ecs', status: 500 });
    const error = await failure(provider(e, { retries: 0 })());
    expect(error.code).toBe('HttpError');
  });

  it('refreshes once in the window, not on every call', async () => {
    let t = T0;
    const e = await start('v1-allowed', () => t, { credentialSeconds: 3600 });
    const p = provider(e, { now: () => t, random: () => 0 });
    const first = await p();
    t = first.expiration!.getTime() - 4 * 60_000; // inside the 5 min window
    for (let i = 0; i < 20; i++) expect(await p()).toBe(first); // served at once; one background refresh
    let next = first;
    for (let i = 0; i < 1000 && next === first; i++) {
      await new Promise((r) => setTimeout(r, 5));
      next = await p();
    }
    expect(next.accessKeyId).not.toBe(first.accessKeyId);
    for (let i = 0; i < 20; i++) expect(await p()).toBe(next);
    expect(count(e, 'GetRoleCredentials')).toBe(2);
  });

  it('1000 concurrent callers, 10 refresh cycles: one token per TTL, one role lookup, one GET per refresh', async () => {
    let t = T0;
    const e = await start('v2-required', () => t, { credentialSeconds: 3600 });
    const p = provider(e, { now: () => t, random: () => 0.5 });
    const seen = new Set<string>();
    for (let cycle = 0; cycle <= 10; cycle++) {
      const all = await Promise.all(Array.from({ length: 1000 }, () => p()));
      expect(new Set(all).size).toBe(1);
      seen.add(all[0]!.accessKeyId);
      // Just before hard expiry (expiration − 10 s skew): every caller waits for one refresh.
      t = all[0]!.expiration!.getTime() - 5_000;
    }
    expect(seen.size).toBe(11);
    expect(count(e, 'GetRoleCredentials')).toBe(11);
    expect(count(e, 'GetRoleName')).toBe(1);
    // 11 fetches ~3595 s apart = ~10 h; a 6 h token is renewed 5 min before its TTL: 2 tokens.
    expect(count(e, 'GetMetadataToken')).toBe(2);
    expect(e.requests({ service: 'ecs' }).every((r) => r.status === 200)).toBe(true);
  });
});

describe('not configured', () => {
  it('ALIBABA_CLOUD_ECS_METADATA_DISABLED=true: NotConfigured, tryNextLink, no request', async () => {
    const e = await start('v1-allowed');
    const error = await failure(provider(e, { env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' } })());
    expect(error.code).toBe('NotConfigured');
    expect(error.tryNextLink).toBe(true);
    expect(error.message).toContain('ALIBABA_CLOUD_ECS_METADATA_DISABLED');
    expect(e.requests()).toHaveLength(0);
  });

  it('a typo in a boolean variable is an InvalidConfiguration error, not a silent false', async () => {
    const e = await start('v1-allowed');
    const error = await failure(provider(e, { env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'ture' } })());
    expect(error.code).toBe('InvalidConfiguration');
    expect(error.provider).toBe('ecs-imds');
  });

  it('the caller signal aborts the wait', async () => {
    const e = await start('v1-allowed');
    e.faults.add({ service: 'ecs', action: 'GetRoleCredentials', hang: true });
    const controller = new AbortController();
    const pending = provider(e, { roleName: e.seed.ecsRoleName, timeoutMs: 5_000 })({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await failure(pending)).code).toBe('Aborted');
  });
});
