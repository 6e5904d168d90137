import { inspect } from 'node:util';
import { isCredentialsError } from '@alicred/core';
import { describe, expect, it } from 'vitest';
import { bearerAuth, createBearerToken, fromBearerToken, isBearerToken } from './index';

const TOKEN = 'bearer-test-token-0123456789abcdef';
const HOUR = 3_600_000;

async function failure(p: Promise<unknown>) {
  const error = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(isCredentialsError(error)).toBe(true);
  return error as Error & { code: string; tryNextLink: boolean; provider: string; cause?: unknown };
}

function clock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createBearerToken', () => {
  it('is frozen, typed "bearer", has no AccessKey fields', () => {
    const t = createBearerToken({ token: TOKEN, providerName: 'test' });
    expect(t.type).toBe('bearer');
    expect(t.token).toBe(TOKEN);
    expect(Object.isFrozen(t)).toBe(true);
    expect('accessKeyId' in t).toBe(false);
    expect('accessKeySecret' in t).toBe(false);
    expect(isBearerToken(t)).toBe(true);
    expect(isBearerToken({ accessKeyId: 'x', accessKeySecret: 'y' })).toBe(false);
  });

  it('never shows the token in JSON, String, template, inspect, spread or entries', () => {
    const t = createBearerToken({ token: TOKEN, providerName: 'test', expiration: new Date('2030-01-01T00:00:00Z') });
    const texts = [JSON.stringify(t), String(t), `${t}`, inspect(t), inspect({ nested: t }), JSON.stringify({ ...t }), JSON.stringify(Object.entries(t))];
    for (const text of texts) expect(text).not.toContain(TOKEN);
    expect(JSON.parse(JSON.stringify(t))).toEqual({
      type: 'bearer',
      token: '[redacted]',
      providerName: 'test',
      expiration: '2030-01-01T00:00:00.000Z',
    });
  });

  it('rejects an empty token or an invalid expiration without echoing input', () => {
    for (const init of [
      { token: '', providerName: 'test' },
      { token: '   ', providerName: 'test' },
      { token: 42 as unknown as string, providerName: 'test' },
      { token: TOKEN, providerName: 'test', expiration: new Date('nope') },
    ]) {
      let error: unknown;
      try {
        createBearerToken(init);
      } catch (e) {
        error = e;
      }
      expect(isCredentialsError(error)).toBe(true);
      expect((error as { code: string }).code).toBe('InvalidCredentials');
      expect(String((error as Error).message)).not.toContain(TOKEN);
    }
  });
});

describe('fromBearerToken', () => {
  it('a string token', async () => {
    const t = await fromBearerToken({ token: TOKEN })();
    expect(t.token).toBe(TOKEN);
    expect(t.providerName).toBe('bearer/static');
    expect(t.expiration).toBeUndefined();
  });

  it('a string token with an expiration: returned until then, Expired after', async () => {
    const c = clock();
    const provider = fromBearerToken({ token: TOKEN, expiration: new Date(c.now() + HOUR), now: c.now });
    expect((await provider()).expiration?.getTime()).toBe(c.now() + HOUR);
    c.advance(HOUR);
    const error = await failure(provider());
    expect(error.code).toBe('Expired');
    expect(error.tryNextLink).toBe(false);
    expect(error.message).not.toContain(TOKEN);
  });

  it('an empty string token fails at once', () => {
    expect(() => fromBearerToken({ token: '' })).toThrow(/empty/);
  });

  it('ALIBABA_CLOUD_BEARER_TOKEN, read at call time', async () => {
    const env: Record<string, string | undefined> = {};
    const provider = fromBearerToken({ env });
    const error = await failure(provider());
    expect(error.code).toBe('NotConfigured');
    expect(error.tryNextLink).toBe(true);
    expect(error.message).toContain('ALIBABA_CLOUD_BEARER_TOKEN');
    env.ALIBABA_CLOUD_BEARER_TOKEN = ` ${TOKEN} `;
    const t = await provider();
    expect(t.token).toBe(TOKEN);
    expect(t.providerName).toBe('bearer/env');
  });

  it('a function returning a plain string is called once and cached', async () => {
    let calls = 0;
    const provider = fromBearerToken({
      token: () => {
        calls++;
        return `${TOKEN}-${calls}`;
      },
    });
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(a.token).toBe(`${TOKEN}-1`);
    expect(b.token).toBe(`${TOKEN}-1`);
    expect((await provider()).token).toBe(`${TOKEN}-1`);
    expect(calls).toBe(1);
    expect((await provider({ forceRefresh: true })).token).toBe(`${TOKEN}-2`);
    expect(calls).toBe(2);
  });

  it('a function with an expiration is refreshed before the token expires, single flight', async () => {
    const c = clock();
    let calls = 0;
    const provider = fromBearerToken({
      now: c.now,
      random: () => 0.5,
      token: async () => {
        calls++;
        return { token: `${TOKEN}-${calls}`, expiration: new Date(c.now() + HOUR) };
      },
    });
    const first = await Promise.all(Array.from({ length: 50 }, () => provider()));
    expect(calls).toBe(1);
    expect(new Set(first.map((t) => t.token))).toEqual(new Set([`${TOKEN}-1`]));
    c.advance(30 * 60_000);
    expect((await provider()).token).toBe(`${TOKEN}-1`);
    expect(calls).toBe(1);
    // Past expiry the old token is never handed out.
    c.advance(HOUR);
    const t = await provider();
    expect(t.token).not.toBe(`${TOKEN}-1`);
    expect(t.expiration!.getTime()).toBeGreaterThan(c.now());
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it('a function that throws: FetchFailed with the cause, not cached', async () => {
    let calls = 0;
    const provider = fromBearerToken({
      token: () => {
        calls++;
        if (calls === 1) throw new Error('vault unreachable');
        return TOKEN;
      },
    });
    const error = await failure(provider());
    expect(error.code).toBe('FetchFailed');
    expect((error.cause as Error).message).toBe('vault unreachable');
    expect((await provider()).token).toBe(TOKEN);
  });

  it('a function returning an already expired token is an Expired error', async () => {
    const c = clock();
    const provider = fromBearerToken({ now: c.now, token: () => ({ token: TOKEN, expiration: new Date(c.now() - 1000) }) });
    const error = await failure(provider());
    expect(error.code).toBe('Expired');
    expect(error.message).not.toContain(TOKEN);
  });

  it('a function returning nothing is InvalidCredentials', async () => {
    const provider = fromBearerToken({ token: () => undefined as unknown as string });
    expect((await failure(provider())).code).toBe('InvalidCredentials');
  });

  it('passes the caller signal to the function when fetches are not shared (workerd mode)', async () => {
    let seen: AbortSignal | undefined;
    const controller = new AbortController();
    await fromBearerToken({
      shareInFlight: false,
      token: ({ signal }) => {
        seen = signal;
        return TOKEN;
      },
    })({ signal: controller.signal });
    expect(seen).toBe(controller.signal);
  });

  it('an aborted caller stops waiting for a slow token function', async () => {
    const provider = fromBearerToken({ token: () => new Promise<string>(() => {}) });
    const error = await failure(provider({ signal: AbortSignal.abort() }));
    expect(error.code).toBe('Aborted');
  });
});

describe('bearerAuth', () => {
  const t = createBearerToken({ token: TOKEN, providerName: 'test' });
  it('RPC style: x-acs-bearer-token header and SignatureType=BEARERTOKEN query', () => {
    expect(bearerAuth(t)).toEqual({ headers: { 'x-acs-bearer-token': TOKEN }, query: { SignatureType: 'BEARERTOKEN' } });
  });
  it('ROA style: the signature type travels as a header', () => {
    expect(bearerAuth(t, 'roa')).toEqual({
      headers: { 'x-acs-bearer-token': TOKEN, 'x-acs-signature-type': 'BEARERTOKEN' },
      query: {},
    });
  });
  it('never adds an Authorization header', () => {
    for (const style of ['rpc', 'roa'] as const) {
      expect(Object.keys(bearerAuth(t, style).headers).map((h) => h.toLowerCase())).not.toContain('authorization');
    }
  });
});
