import { createCredentials, CredentialsError, isCredentialsError, type CredentialProvider } from '@alicred/core';
import { fromEnv } from '@alicred/env';
import { describe, expect, it } from 'vitest';
import { chain, type ChainError } from './index';

function creds(id: string) {
  return createCredentials({ accessKeyId: id, accessKeySecret: `${id}-secret`, providerName: id });
}

/** A provider that records its calls and answers from a script: credentials, or an error to throw. */
function scripted(name: string, ...answers: Array<'ok' | 'skip' | 'stop' | 'boom'>) {
  const calls: number[] = [];
  let i = 0;
  const provider: CredentialProvider = async () => {
    calls.push(i);
    const answer = answers[Math.min(i++, answers.length - 1)];
    if (answer === 'ok') return creds(name);
    if (answer === 'boom') throw new TypeError(`${name} exploded`);
    throw new CredentialsError(`${name} ${answer === 'skip' ? 'is not configured' : 'is broken'}`, {
      code: answer === 'skip' ? 'NotConfigured' : 'InvalidConfiguration',
      provider: name,
      tryNextLink: answer === 'skip',
    });
  };
  return { name, provider, calls };
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isCredentialsError(error)).toBe(true);
  return error as ChainError;
}

describe('chain(): order, skip and stop rules', () => {
  it('returns the first link that has credentials, in order, without calling the later ones', async () => {
    const a = scripted('a', 'skip');
    const b = scripted('b', 'ok');
    const c = scripted('c', 'ok');
    const provider = chain(a, b, c);
    expect((await provider()).accessKeyId).toBe('b');
    expect([a.calls.length, b.calls.length, c.calls.length]).toEqual([1, 1, 0]);
  });

  it('tryNextLink: false stops the chain at once, with that error unchanged', async () => {
    const a = scripted('a', 'skip');
    const b = scripted('b', 'stop');
    const c = scripted('c', 'ok');
    const error = await failure(chain(a, b, c)());
    expect(error.code).toBe('InvalidConfiguration');
    expect(error.provider).toBe('b');
    expect(error.message).toBe('b is broken');
    expect(c.calls).toHaveLength(0);
  });

  it('an error that is not a CredentialsError stops the chain, wrapped as FetchFailed naming the link, with the cause', async () => {
    const b = scripted('b', 'boom');
    const c = scripted('c', 'ok');
    const error = await failure(chain(b, c)());
    expect(error.code).toBe('FetchFailed');
    expect(error.tryNextLink).toBe(false);
    expect(error.message).toContain('b link');
    expect((error.cause as Error).message).toBe('b exploded');
    expect(c.calls).toHaveLength(0);
  });

  it('a link that returns something that is not credentials stops the chain (InvalidResponse)', async () => {
    const bad = { name: 'bad', provider: (async () => ({ accessKeyId: 'x' })) as unknown as CredentialProvider };
    const error = await failure(chain(bad, scripted('c', 'ok'))());
    expect(error.code).toBe('InvalidResponse');
  });

  it('when every link says "not configured", the error lists every reason in order, as text and as data', async () => {
    const error = await failure(chain(scripted('a', 'skip'), { ...scripted('b', 'skip'), hint: 'set B_VAR' })());
    expect(error.code).toBe('NotConfigured');
    expect(error.tryNextLink).toBe(true);
    expect(error.message).toMatch(/1\. a: a is not configured\n\s+2\. b: b is not configured\n\s+to use it: set B_VAR/);
    expect(error.links.map((l) => [l.name, l.status, l.code])).toEqual([
      ['a', 'not-configured', 'NotConfigured'],
      ['b', 'not-configured', 'NotConfigured'],
    ]);
  });

  it('chains nest: an exhausted inner chain is one more "not configured" link of the outer one', async () => {
    const inner = chain(scripted('a', 'skip'));
    const outer = chain({ name: 'inner', provider: inner }, scripted('z', 'ok'));
    expect((await outer()).accessKeyId).toBe('z');
  });

  it('refuses an empty chain and a link that is not a provider', () => {
    expect(() => chain()).toThrow(/at least one provider/);
    expect(() => chain({ name: 'x' } as never)).toThrow(/link 1 is neither/);
  });

  it('links are named after the function, else by position', () => {
    async function fromSomewhere() {
      return creds('s');
    }
    expect(chain(fromSomewhere, async () => creds('t')).linkNames).toEqual(['fromSomewhere', 'link 2']);
  });
});

describe('chain(): the remembered link', () => {
  it('remembers the winner after a success: later calls go straight to it', async () => {
    const a = scripted('a', 'skip');
    const b = scripted('b', 'ok');
    const provider = chain(a, b);
    await provider();
    await provider();
    await provider();
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(3);
  });

  it('the stuck-chain scenario of the Node library: fail everywhere, then set the env variables → succeeds', async () => {
    // @alicloud/credentials records the link before trying it, so after one total failure every later call
    // goes to its last link only, and setting the variables does not help (reference §2).
    const env: Record<string, string | undefined> = {};
    const uri = scripted('uri', 'skip');
    const provider = chain({ name: 'env', provider: fromEnv({ env }) }, uri);
    const first = await failure(provider());
    expect(first.code).toBe('NotConfigured');
    env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'LTAI5tLater';
    env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'later-secret';
    const credentials = await provider();
    expect(credentials.accessKeyId).toBe('LTAI5tLater');
    expect(credentials.providerName).toBe('env');
    expect(uri.calls).toHaveLength(1);
  });

  it('a failed walk remembers nothing: the next call walks the chain from the start again', async () => {
    const a = scripted('a', 'skip', 'ok');
    const b = scripted('b', 'stop', 'ok');
    const provider = chain(a, b);
    await failure(provider());
    expect((await provider()).accessKeyId).toBe('a');
    expect([a.calls.length, b.calls.length]).toEqual([2, 1]);
  });

  it('a remembered link that now says "not configured" is forgotten and the chain walked again from the start', async () => {
    const a = scripted('a', 'skip', 'ok');
    const b = scripted('b', 'ok', 'skip');
    const provider = chain(a, b);
    expect((await provider()).accessKeyId).toBe('b');
    expect((await provider()).accessKeyId).toBe('a');
    expect((await provider()).accessKeyId).toBe('a');
    expect([a.calls.length, b.calls.length]).toEqual([3, 2]);
  });

  it('a remembered link that is now broken stops the chain (no silent fall-back to other credentials)', async () => {
    const a = scripted('a', 'skip', 'ok');
    const b = scripted('b', 'ok', 'stop');
    const provider = chain(a, b);
    await provider();
    const error = await failure(provider());
    expect(error.provider).toBe('b');
    expect(a.calls).toHaveLength(1);
  });

  it('forceRefresh and the signal reach the remembered link', async () => {
    const seen: unknown[] = [];
    const provider = chain(async (options) => {
      seen.push(options);
      return creds('a');
    });
    await provider();
    const signal = new AbortController().signal;
    await provider({ forceRefresh: true, signal });
    expect(seen[1]).toEqual({ forceRefresh: true, signal });
  });
});

describe('chain(): single flight and abort', () => {
  it('concurrent callers share one walk: each link is called once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = scripted('a', 'skip');
    let bCalls = 0;
    const b: CredentialProvider = async () => {
      bCalls += 1;
      await gate;
      return creds('b');
    };
    const provider = chain(a, b);
    const all = Promise.all(Array.from({ length: 50 }, () => provider()));
    release();
    const results = await all;
    expect(new Set(results).size).toBe(1);
    expect([a.calls.length, bCalls]).toEqual([1, 1]);
  });

  it('a caller whose signal fires stops waiting (Aborted) while the shared walk goes on for the others', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const provider = chain(async () => {
      await gate;
      return creds('slow');
    });
    const controller = new AbortController();
    const waiting = provider({ signal: controller.signal });
    const other = provider();
    controller.abort();
    const error = await failure(waiting);
    expect(error.code).toBe('Aborted');
    release();
    expect((await other).accessKeyId).toBe('slow');
  });

  it('an already-aborted signal fails at once without calling any link', async () => {
    const a = scripted('a', 'ok');
    const controller = new AbortController();
    controller.abort();
    expect((await failure(chain(a)({ signal: controller.signal }))).code).toBe('Aborted');
    expect(a.calls).toHaveLength(0);
  });

  it('with shareInFlight off (the workerd default), each caller walks with its own signal', async () => {
    const { buildChain } = await import('./chain');
    const seen: unknown[] = [];
    const provider = buildChain(
      [
        async (options) => {
          seen.push(options?.signal);
          return creds('a');
        },
      ],
      { shareInFlight: false },
    );
    const signal = new AbortController().signal;
    await Promise.all([provider({ signal }), provider({ signal })]);
    expect(seen).toEqual([signal, signal]);
  });
});

describe('chain(): explain() and lastReport', () => {
  it('reports which link resolved and why each other one did not, with durations from the clock', async () => {
    const { buildChain } = await import('./chain');
    let t = 0;
    const provider = buildChain([scripted('a', 'skip'), scripted('b', 'ok'), scripted('c', 'ok')], { clock: () => (t += 5) });
    expect(provider.lastReport).toBeUndefined();
    const report = await provider.explain();
    expect(report.resolvedBy).toBe('b');
    expect(report.credentials?.accessKeyId).toBe('b');
    expect(report.error).toBeUndefined();
    expect(report.links).toEqual([
      { name: 'a', status: 'not-configured', code: 'NotConfigured', reason: 'a is not configured', durationMs: 5 },
      { name: 'b', status: 'used', durationMs: 5 },
      { name: 'c', status: 'not-tried', durationMs: 0 },
    ]);
    expect(provider.lastReport).toBe(report);
  });

  it('never throws for a failed resolution: the error is in the report, later links are not-tried', async () => {
    const provider = chain(scripted('a', 'skip'), scripted('b', 'stop'), scripted('c', 'ok'));
    const report = await provider.explain();
    expect(report.resolvedBy).toBeUndefined();
    expect(report.error?.provider).toBe('b');
    expect(report.links.map((l) => l.status)).toEqual(['not-configured', 'failed', 'not-tried']);
  });

  it('a report printed as JSON shows no secret', async () => {
    const report = await chain(scripted('a', 'ok')).explain();
    const printed = JSON.stringify(report);
    expect(printed).toContain('"resolvedBy":"a"');
    expect(printed).not.toContain('a-secret');
  });
});
