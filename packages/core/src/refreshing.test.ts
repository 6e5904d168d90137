import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCredentials, type Credentials } from './credentials';
import { CredentialsError, isCredentialsError } from './errors';
import type { Logger } from './logger';
import { refreshing, type RefreshingOptions } from './refreshing';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const MIN = 60_000;

/** A fake clock and a recording logger, shared by the scenarios below. */
function harness(overrides: Partial<RefreshingOptions> = {}) {
  const clock = { t: T0 };
  const logs: { level: string; message: string }[] = [];
  const logger: Logger = {
    debug: (message) => logs.push({ level: 'debug', message }),
    info: (message) => logs.push({ level: 'info', message }),
    warn: (message) => logs.push({ level: 'warn', message }),
    error: (message) => logs.push({ level: 'error', message }),
  };
  let n = 0;
  const behaviour = { fail: false, lifetimeMs: 15 * MIN as number | undefined, expiredOnArrival: false };
  const pending: { resolve: () => void }[] = [];
  const gate = { hold: false };
  const fetches: (AbortSignal | undefined)[] = [];
  const fetch = async (signal?: AbortSignal): Promise<Credentials> => {
    fetches.push(signal);
    n += 1;
    const serial = n;
    if (gate.hold) await new Promise<void>((resolve) => pending.push({ resolve }));
    if (behaviour.fail) throw new Error(`upstream down #${serial}`);
    const expiration =
      behaviour.lifetimeMs === undefined
        ? undefined
        : new Date(behaviour.expiredOnArrival ? clock.t - 1000 : clock.t + behaviour.lifetimeMs);
    return createCredentials({
      accessKeyId: `STS.id-${serial}`,
      accessKeySecret: `secret-${serial}`,
      securityToken: `token-${serial}`,
      expiration,
      providerName: 'fake',
    });
  };
  const provider = refreshing(fetch, {
    providerName: 'fake',
    now: () => clock.t,
    random: () => 0.5,
    logger,
    ...overrides,
  });
  const release = () => {
    for (const p of pending.splice(0)) p.resolve();
  };
  return { clock, logs, provider, behaviour, gate, release, fetches, count: () => fetches.length };
}

/** Lets background promises settle (the fake fetch resolves in a few microtasks). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  // Rule 7: no background failure may surface as an unhandled rejection, in any scenario of this file.
  expect(unhandled).toEqual([]);
});

describe('refreshing: single flight (rule 1)', () => {
  it('1000 concurrent cold calls cause exactly one fetch', async () => {
    const h = harness();
    h.gate.hold = true;
    const calls = Array.from({ length: 1000 }, () => h.provider());
    await settle();
    h.release();
    const results = await Promise.all(calls);
    expect(h.count()).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(results[0]!.accessKeyId).toBe('STS.id-1');
  });

  it('serves the cache afterwards without fetching', async () => {
    const h = harness();
    await h.provider();
    for (let i = 0; i < 100; i++) await h.provider();
    expect(h.count()).toBe(1);
  });

  it('caches credentials without expiration forever, until forceRefresh', async () => {
    const h = harness();
    h.behaviour.lifetimeMs = undefined;
    await h.provider();
    h.clock.t += 365 * 24 * 60 * MIN;
    await h.provider();
    expect(h.count()).toBe(1);
    expect((await h.provider({ forceRefresh: true })).accessKeyId).toBe('STS.id-2');
  });
});

describe('refreshing: refresh window relative to the lifetime (rule 2)', () => {
  it('a 900 s session is fetched about once per 10 minutes over an hour of calls every second', async () => {
    const h = harness({ random: Math.random });
    for (let s = 0; s < 3600; s++) {
      const creds = await h.provider();
      // Never hands out credentials past their expiration.
      expect(creds.expiration!.getTime()).toBeGreaterThan(h.clock.t);
      await settle();
      h.clock.t += 1000;
    }
    // Refresh when 240–300 s of 900 s are left: one fetch every 600–660 s → 6 in an hour.
    expect(h.count()).toBeGreaterThanOrEqual(6);
    expect(h.count()).toBeLessThanOrEqual(7);
  });

  it('does not refresh before the window (lifetime / 3 for short sessions)', async () => {
    const h = harness({ random: () => 0 });
    h.behaviour.lifetimeMs = 6 * MIN; // window = 2 min → refresh from t = 4 min
    await h.provider();
    h.clock.t = T0 + 4 * MIN - 1;
    await h.provider();
    await settle();
    expect(h.count()).toBe(1);
    h.clock.t = T0 + 4 * MIN;
    await h.provider();
    await settle();
    expect(h.count()).toBe(2);
  });

  it('caps the window at 5 minutes for long sessions', async () => {
    const h = harness({ random: () => 0 });
    h.behaviour.lifetimeMs = 60 * MIN;
    await h.provider();
    h.clock.t = T0 + 55 * MIN - 1;
    await h.provider();
    await settle();
    expect(h.count()).toBe(1);
    h.clock.t = T0 + 55 * MIN;
    await h.provider();
    await settle();
    expect(h.count()).toBe(2);
  });

  it('accepts a custom window function', async () => {
    const h = harness({ random: () => 0, refreshWindowMs: () => 10 * MIN });
    await h.provider();
    h.clock.t = T0 + 5 * MIN;
    await h.provider();
    await settle();
    expect(h.count()).toBe(2);
  });
});

describe('refreshing: inside the window (rule 3)', () => {
  it('returns the cached credentials at once and refreshes once in the background', async () => {
    const h = harness();
    const first = await h.provider();
    h.clock.t = T0 + 12 * MIN;
    h.gate.hold = true;
    const during = await Promise.all([h.provider(), h.provider(), h.provider()]);
    expect(during.every((c) => c === first)).toBe(true);
    expect(h.count()).toBe(2);
    h.release();
    await settle();
    expect((await h.provider()).accessKeyId).toBe('STS.id-2');
    expect(h.count()).toBe(2);
  });

  it('never throws a background failure at callers while the cache is valid, logs it and backs off', async () => {
    const h = harness();
    const first = await h.provider();
    h.behaviour.fail = true;
    h.clock.t = T0 + 12 * MIN;
    expect(await h.provider()).toBe(first);
    await settle();
    expect(h.count()).toBe(2);
    expect(h.logs.some((l) => l.level === 'warn' && /refreshing credentials failed/.test(l.message))).toBe(true);
    // Backoff: with random 0.5 the first retry waits 0.75 s; calls before that do not fetch.
    h.clock.t += 500;
    expect(await h.provider()).toBe(first);
    await settle();
    expect(h.count()).toBe(2);
    h.clock.t += 300;
    await h.provider();
    await settle();
    expect(h.count()).toBe(3);
    // Second failure doubles the wait (1.5 s).
    h.clock.t += 1400;
    await h.provider();
    await settle();
    expect(h.count()).toBe(3);
    h.clock.t += 200;
    await h.provider();
    await settle();
    expect(h.count()).toBe(4);
    // Recovery resets the backoff and replaces the cache.
    h.behaviour.fail = false;
    h.clock.t += 4000;
    await h.provider();
    await settle();
    expect((await h.provider()).accessKeyId).toBe('STS.id-5');
  });
});

describe('refreshing: nothing cached or hard-expired (rule 4)', () => {
  it('awaits one fetch for every caller once the credentials are hard-expired', async () => {
    const h = harness();
    await h.provider();
    h.clock.t = T0 + 15 * MIN; // past expiration
    h.gate.hold = true;
    const calls = Array.from({ length: 50 }, () => h.provider());
    await settle();
    h.release();
    const results = await Promise.all(calls);
    expect(h.count()).toBe(2);
    expect(results.every((c) => c.accessKeyId === 'STS.id-2')).toBe(true);
  });

  it('treats credentials inside the clock-skew margin as expired', async () => {
    const h = harness({ expirySkewMs: 10_000 });
    await h.provider();
    h.clock.t = T0 + 15 * MIN - 10_000;
    expect((await h.provider()).accessKeyId).toBe('STS.id-2');
  });

  it('propagates the error with its cause to all waiting callers and does not cache it', async () => {
    const h = harness();
    h.behaviour.fail = true;
    h.gate.hold = true;
    const calls = [h.provider(), h.provider()].map((p) => p.catch((error: unknown) => error));
    await settle();
    h.release();
    const errors = await Promise.all(calls);
    expect(h.count()).toBe(1);
    for (const error of errors) {
      expect(isCredentialsError(error)).toBe(true);
      expect((error as CredentialsError).code).toBe('FetchFailed');
      expect(((error as Error).cause as Error).message).toBe('upstream down #1');
    }
    // Not cached: the next call fetches again and succeeds.
    h.gate.hold = false;
    h.behaviour.fail = false;
    expect((await h.provider()).accessKeyId).toBe('STS.id-2');
  });

  it('passes a CredentialsError from the fetch through unchanged', async () => {
    const original = new CredentialsError('not here', { code: 'NotConfigured', provider: 'x', tryNextLink: true });
    const provider = refreshing(async () => Promise.reject(original), { providerName: 'x' });
    await expect(provider()).rejects.toBe(original);
  });

  it('rejects credentials that arrive already expired (without static stability)', async () => {
    const h = harness();
    h.behaviour.expiredOnArrival = true;
    await expect(h.provider()).rejects.toMatchObject({ code: 'Expired' });
  });

  it('lets a caller stop waiting with its signal', async () => {
    const h = harness();
    h.gate.hold = true;
    const controller = new AbortController();
    const aborted = h.provider({ signal: controller.signal });
    const other = h.provider();
    await settle();
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'Aborted' });
    h.release();
    expect((await other).accessKeyId).toBe('STS.id-1');
    expect(h.count()).toBe(1);
    await expect(h.provider({ signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'Aborted' });
  });
});

describe('refreshing: forceRefresh (rule 5)', () => {
  it('concurrent forceRefresh callers share one fetch', async () => {
    const h = harness();
    await h.provider();
    h.gate.hold = true;
    const calls = Array.from({ length: 20 }, () => h.provider({ forceRefresh: true }));
    await settle();
    h.release();
    const results = await Promise.all(calls);
    expect(h.count()).toBe(2);
    expect(new Set(results.map((c) => c.accessKeyId))).toEqual(new Set(['STS.id-2']));
  });

  it('a failed forceRefresh reaches its caller but keeps the valid cache for others', async () => {
    const h = harness();
    const first = await h.provider();
    h.behaviour.fail = true;
    await expect(h.provider({ forceRefresh: true })).rejects.toMatchObject({ code: 'FetchFailed' });
    expect(await h.provider()).toBe(first);
  });
});

describe('refreshing: static stability (rule 6)', () => {
  it('extends expired credentials by 5–10 minutes, keeps the original expiration and warns', async () => {
    const h = harness({ staticStability: true, random: () => 0.5 });
    const first = await h.provider();
    h.behaviour.fail = true;
    h.clock.t = T0 + 16 * MIN; // expired
    const extended = await h.provider();
    expect(extended).toBe(first);
    expect(extended.expiration!.getTime()).toBe(T0 + 15 * MIN);
    expect(h.logs.filter((l) => l.level === 'warn' && /static stability/.test(l.message))).toHaveLength(1);
    expect(h.logs.map((l) => l.message).join('\n')).not.toContain('secret-1');
    // random 0.5 → 7.5 min extension; still served 7 min later (background retries fail quietly) ...
    h.clock.t = T0 + 16 * MIN + 7 * MIN;
    expect(await h.provider()).toBe(first);
    await settle();
    // ... but not after the extension ends: then callers await a fetch, which fails and extends again.
    h.clock.t = T0 + 16 * MIN + 8 * MIN;
    expect(await h.provider()).toBe(first);
    expect(h.logs.filter((l) => l.level === 'warn' && /static stability/.test(l.message))).toHaveLength(2);
  });

  it('the extension is between 5 and 10 minutes', async () => {
    for (const r of [0, 0.999]) {
      const h = harness({ staticStability: true, random: () => r });
      await h.provider();
      h.behaviour.fail = true;
      h.clock.t = T0 + 16 * MIN;
      await h.provider();
      const before = h.count();
      const bound = r === 0 ? 5 * MIN : 10 * MIN;
      // Just before the bound: still served (possibly with a background retry); at the bound: an active fetch.
      h.clock.t = T0 + 16 * MIN + bound - 1000;
      await h.provider();
      await settle();
      h.clock.t = T0 + 16 * MIN + bound;
      h.behaviour.fail = false;
      expect((await h.provider()).accessKeyId).not.toBe('STS.id-1');
      expect(h.count()).toBeGreaterThan(before);
    }
  });

  it('never serves credentials that arrive already expired: cold is an error, the old ones are extended, a valid cache is kept', async () => {
    const h = harness({ staticStability: true });
    h.behaviour.expiredOnArrival = true;
    await expect(h.provider()).rejects.toMatchObject({ code: 'Expired' });

    h.behaviour.expiredOnArrival = false;
    const first = await h.provider();
    // Warm and still valid: a forced refresh that brings expired credentials fails, the cache stays.
    h.behaviour.expiredOnArrival = true;
    await expect(h.provider({ forceRefresh: true })).rejects.toMatchObject({ code: 'Expired' });
    expect(await h.provider()).toBe(first);

    // The cache expired: the old credentials are extended, not the expired ones that just arrived.
    h.clock.t += 16 * MIN;
    const extended = await h.provider();
    expect(extended).toBe(first);
    expect(h.logs.some((l) => l.level === 'warn' && /static stability/.test(l.message) && /expired at/.test(l.message))).toBe(true);
  });

  it('without static stability an expired cache plus a failing refresh is an error', async () => {
    const h = harness();
    await h.provider();
    h.behaviour.fail = true;
    h.clock.t = T0 + 16 * MIN;
    await expect(h.provider()).rejects.toMatchObject({ code: 'FetchFailed' });
  });
});

describe('refreshing: shareInFlight false (rule 8)', () => {
  it('never shares a fetch: each cold caller fetches with its own signal', async () => {
    const h = harness({ shareInFlight: false });
    h.gate.hold = true;
    const signals = [new AbortController().signal, new AbortController().signal];
    const calls = signals.map((signal) => h.provider({ signal }));
    await settle();
    h.release();
    await Promise.all(calls);
    expect(h.count()).toBe(2);
    expect(h.fetches).toEqual(signals);
  });

  it('serves the cache once fetched; in the window one caller refreshes while the others get the cache', async () => {
    const h = harness({ shareInFlight: false });
    const first = await h.provider();
    await h.provider();
    expect(h.count()).toBe(1);
    h.clock.t = T0 + 12 * MIN;
    h.gate.hold = true;
    const refresher = h.provider();
    await settle();
    expect(await h.provider()).toBe(first);
    expect(h.count()).toBe(2);
    h.release();
    expect((await refresher).accessKeyId).toBe('STS.id-2');
  });

  it('falls back to the still-valid cache when its in-window refresh fails', async () => {
    const h = harness({ shareInFlight: false });
    const first = await h.provider();
    h.clock.t = T0 + 12 * MIN;
    h.behaviour.fail = true;
    expect(await h.provider()).toBe(first);
  });

  it('passes the shared fetch no caller signal when sharing', async () => {
    const h = harness();
    await h.provider({ signal: new AbortController().signal });
    expect(h.fetches).toEqual([undefined]);
  });
});

describe('refreshing: no timers (rule 7)', () => {
  it('creates no timer in any path', async () => {
    const original = globalThis.setTimeout;
    let timers = 0;
    globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
      timers += 1;
      return original(...args);
    }) as typeof setTimeout;
    try {
      const h = harness({ staticStability: true });
      await h.provider();
      h.clock.t = T0 + 12 * MIN;
      h.behaviour.fail = true;
      await h.provider();
      await Promise.resolve();
      h.clock.t = T0 + 20 * MIN;
      await h.provider();
    } finally {
      globalThis.setTimeout = original;
    }
    expect(timers).toBe(0);
  });
});

describe('refreshing: more edge cases', () => {
  it('a shared fetch that fails after every waiting caller aborted causes no unhandled rejection', async () => {
    const h = harness();
    h.behaviour.fail = true;
    h.gate.hold = true;
    const controller = new AbortController();
    const calls = [h.provider({ signal: controller.signal }), h.provider({ signal: controller.signal })];
    await settle();
    controller.abort();
    for (const call of calls) await expect(call).rejects.toMatchObject({ code: 'Aborted' });
    h.release();
    await settle();
    // The fetch failed with nobody listening; the afterAll hook checks no unhandled rejection surfaced.
    expect(h.count()).toBe(1);
  });

  it('rejects a fetch result that is not credentials', async () => {
    const provider = refreshing(async () => ({ nope: true }) as never, { providerName: 'odd' });
    await expect(provider()).rejects.toMatchObject({ code: 'InvalidResponse', provider: 'odd' });
  });

  it('with shareInFlight false, forceRefresh callers each fetch', async () => {
    const h = harness({ shareInFlight: false });
    await h.provider();
    await Promise.all([h.provider({ forceRefresh: true }), h.provider({ forceRefresh: true })]);
    expect(h.count()).toBe(3);
  });

  it('the static-stability warning goes to console when no logger is given', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const clock = { t: T0 };
      let fail = false;
      const provider = refreshing(
        async () => {
          if (fail) throw new Error('down');
          return createCredentials({ accessKeyId: 'id', accessKeySecret: 'secret-x', expiration: new Date(clock.t + 15 * MIN), providerName: 'imds' });
        },
        { providerName: 'imds', now: () => clock.t, staticStability: true },
      );
      await provider();
      fail = true;
      clock.t += 20 * MIN;
      expect((await provider()).accessKeyId).toBe('id');
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/imds.*static stability/);
      expect(String(warn.mock.calls[0]![0])).not.toContain('secret-x');
    } finally {
      warn.mockRestore();
    }
  });

  it('log lines never contain the secret or the token', async () => {
    const h = harness({ staticStability: true });
    await h.provider();
    h.behaviour.fail = true;
    h.clock.t = T0 + 12 * MIN;
    await h.provider();
    await settle();
    h.clock.t = T0 + 16 * MIN;
    await h.provider();
    expect(h.logs.length).toBeGreaterThan(0);
    const all = h.logs.map((l) => l.message).join('\n');
    expect(all).not.toMatch(/secret-\d|token-\d/);
  });

  it('never returns credentials at or past the hard-expiry point, whatever the call pattern', async () => {
    const h = harness({ random: Math.random });
    h.behaviour.lifetimeMs = 3 * MIN;
    for (let i = 0; i < 500; i++) {
      const creds = await h.provider();
      expect(creds.expiration!.getTime() - h.clock.t).toBeGreaterThan(0);
      if (i % 7 === 0) await settle();
      h.clock.t += Math.floor(Math.random() * 20_000);
    }
  });
});
