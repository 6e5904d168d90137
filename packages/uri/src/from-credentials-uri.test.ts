import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { isCredentialsError } from '@alicred/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromCredentialsUri } from './index';

// Cases the emulator has no fault for (redirects, a wrong Code, missing fields, bad dates) are served by this
// loopback server; the emulator tests (emulator.test.ts) cover the real protocol and its faults.

const SECRET = 'uri-test-secret-0123456789abcdef';
const TOKEN = 'CAIS-uri-test-security-token-xyz';
const T0 = Date.parse('2026-03-01T00:00:00Z');

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let base: string;
let handler: Handler;
let hits: string[] = [];

function json(body: unknown, status = 200): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

function credentialsBody(expiresAt: number, n = 1) {
  return {
    Code: 'Success',
    AccessKeyId: `STS.NUriTest${n}`,
    AccessKeySecret: SECRET,
    SecurityToken: TOKEN,
    Expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    LastUpdated: new Date(T0).toISOString(),
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  hits = [];
  handler = json(credentialsBody(T0 + 3600_000));
});

function clock(start = T0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

async function failure(p: Promise<unknown>) {
  const error = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(isCredentialsError(error)).toBe(true);
  const e = error as Error & { code: string; tryNextLink: boolean; provider: string; cause?: unknown };
  for (const text of [e.message, String(e), inspect(e), JSON.stringify(e)]) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
  }
  return e;
}

describe('fromCredentialsUri: configuration', () => {
  it('not configured: NotConfigured, tryNextLink, and no request at all', async () => {
    const calls: unknown[] = [];
    const provider = fromCredentialsUri({
      env: {},
      fetch: (async (...args: unknown[]) => {
        calls.push(args);
        throw new Error('must not be called');
      }) as typeof fetch,
    });
    const e = await failure(provider());
    expect(e.code).toBe('NotConfigured');
    expect(e.tryNextLink).toBe(true);
    expect(e.message).toContain('ALIBABA_CLOUD_CREDENTIALS_URI');
    expect(calls).toHaveLength(0);
  });

  it('reads ALIBABA_CLOUD_CREDENTIALS_URI at fetch time', async () => {
    const env: Record<string, string | undefined> = {};
    const provider = fromCredentialsUri({ env, now: clock().now });
    expect((await failure(provider())).code).toBe('NotConfigured');
    env.ALIBABA_CLOUD_CREDENTIALS_URI = `${base}/credentials`;
    expect((await provider()).accessKeyId).toBe('STS.NUriTest1');
    expect(hits).toEqual(['GET /credentials']);
  });

  it('init.uri wins over the variable', async () => {
    const env = { ALIBABA_CLOUD_CREDENTIALS_URI: `${base}/from-env` };
    await fromCredentialsUri({ uri: new URL(`${base}/from-init`), env, now: clock().now })();
    expect(hits).toEqual(['GET /from-init']);
  });

  it('refuses plain http to a remote host before sending anything', async () => {
    const e = await failure(fromCredentialsUri({ uri: 'http://10.0.0.1/creds' })());
    expect(e.code).toBe('InvalidConfiguration');
    expect(e.tryNextLink).toBe(false);
  });
});

describe('fromCredentialsUri: protocol', () => {
  it('returns frozen, redacted STS credentials with the expiration', async () => {
    const creds = await fromCredentialsUri({ uri: `${base}/credentials`, now: clock().now })();
    expect(creds).toMatchObject({ accessKeyId: 'STS.NUriTest1', accessKeySecret: SECRET, securityToken: TOKEN, providerName: 'uri' });
    expect(creds.expiration?.toISOString()).toBe('2026-03-01T01:00:00.000Z');
    expect(Object.isFrozen(creds)).toBe(true);
    for (const text of [JSON.stringify(creds), String(creds), inspect(creds)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN);
    }
  });

  it('sends a plain GET with Accept: application/json and the alicred User-Agent', async () => {
    let seen: IncomingMessage | undefined;
    handler = (req, res) => {
      seen = req;
      json(credentialsBody(T0 + 3600_000))(req, res);
    };
    await fromCredentialsUri({ uri: `${base}/credentials`, now: clock().now })();
    expect(seen?.method).toBe('GET');
    expect(seen?.headers.accept).toBe('application/json');
    expect(seen?.headers['user-agent']).toMatch(/^alicred\//);
    expect(seen?.headers.authorization).toBeUndefined();
  });

  it('accepts a document without Code (Node/Go servers) and fractional seconds', async () => {
    const { Code: _code, ...body } = credentialsBody(T0 + 3600_000);
    handler = json({ ...body, Expiration: '2026-03-01T01:00:00.250Z' });
    const creds = await fromCredentialsUri({ uri: `${base}/credentials`, now: clock().now })();
    expect(creds.expiration?.getTime()).toBe(T0 + 3600_250);
  });

  it('caches: one request for many calls, single flight for concurrent callers', async () => {
    let served = 0;
    handler = (req, res) => {
      served++;
      setTimeout(() => json(credentialsBody(T0 + 3600_000, served))(req, res), 20);
    };
    const provider = fromCredentialsUri({ uri: `${base}/credentials`, now: clock().now });
    const all = await Promise.all(Array.from({ length: 25 }, () => provider()));
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(['STS.NUriTest1']));
    await provider();
    expect(served).toBe(1);
  });

  it('refreshes before expiry and never returns expired credentials', async () => {
    const c = clock();
    let served = 0;
    handler = (req, res) => {
      served++;
      json(credentialsBody(c.now() + 3600_000, served))(req, res);
    };
    const provider = fromCredentialsUri({ uri: `${base}/credentials`, now: c.now, random: () => 0.5 });
    expect((await provider()).accessKeyId).toBe('STS.NUriTest1');
    c.advance(2 * 3600_000);
    const fresh = await provider();
    expect(fresh.accessKeyId).toBe('STS.NUriTest2');
    expect(fresh.expiration!.getTime()).toBeGreaterThan(c.now());
    expect(served).toBe(2);
  });

  it('forceRefresh fetches again', async () => {
    let served = 0;
    handler = (req, res) => json(credentialsBody(T0 + 3600_000, ++served))(req, res);
    const provider = fromCredentialsUri({ uri: `${base}/credentials`, now: clock().now });
    await provider();
    expect((await provider({ forceRefresh: true })).accessKeyId).toBe('STS.NUriTest2');
  });
});

describe('fromCredentialsUri: bad answers', () => {
  const uri = () => `${base}/credentials`;

  it('a redirect is not followed', async () => {
    handler = (req, res) => {
      if (req.url === '/credentials') {
        res.writeHead(302, { location: `${base}/elsewhere` });
        res.end();
      } else json(credentialsBody(T0 + 3600_000))(req, res);
    };
    const e = await failure(fromCredentialsUri({ uri: uri(), now: clock().now })());
    expect(e.code).toBe('HttpError');
    expect(e.message).toContain('redirect');
    expect(e.message).toContain('302');
    expect(hits).toEqual(['GET /credentials']);
  });

  it.each([404, 403, 500, 201])('status %i is an HttpError naming the status', async (status) => {
    handler = json({ ...credentialsBody(T0 + 3600_000), Message: `secret is ${SECRET}` }, status);
    const e = await failure(fromCredentialsUri({ uri: uri(), retries: 0, now: clock().now })());
    expect(e.code).toBe('HttpError');
    expect(e.message).toContain(String(status));
    expect(e.tryNextLink).toBe(false);
  });

  it('a Code other than Success is refused, naming the code', async () => {
    handler = json({ ...credentialsBody(T0 + 3600_000), Code: 'Failed' });
    const e = await failure(fromCredentialsUri({ uri: uri(), now: clock().now })());
    expect(e.code).toBe('InvalidResponse');
    expect(e.message).toContain('"Failed"');
    expect(e.message).toContain('expected "Success"');
  });

  it.each(['AccessKeyId', 'AccessKeySecret', 'SecurityToken', 'Expiration'])('a missing %s is refused, naming it', async (field) => {
    const body: Record<string, unknown> = credentialsBody(T0 + 3600_000);
    delete body[field];
    handler = json(body);
    const e = await failure(fromCredentialsUri({ uri: uri(), now: clock().now })());
    expect(e.code).toBe('InvalidResponse');
    expect(e.message).toContain(`without ${field}`);
  });

  it('an empty field counts as missing', async () => {
    handler = json({ ...credentialsBody(T0 + 3600_000), SecurityToken: '' });
    expect((await failure(fromCredentialsUri({ uri: uri(), now: clock().now })())).message).toContain('without SecurityToken');
  });

  it('non-JSON is InvalidResponse and the body is not echoed', async () => {
    handler = (_req, res) => res.end(`AccessKeySecret=${SECRET}; not json`);
    const e = await failure(fromCredentialsUri({ uri: uri(), now: clock().now })());
    expect(e.code).toBe('InvalidResponse');
  });

  it('JSON that is not an object is InvalidResponse', async () => {
    handler = json('["a"]');
    expect((await failure(fromCredentialsUri({ uri: uri(), now: clock().now })())).code).toBe('InvalidResponse');
  });

  it('an unparseable Expiration is refused', async () => {
    handler = json({ ...credentialsBody(T0 + 3600_000), Expiration: 'tomorrow' });
    const e = await failure(fromCredentialsUri({ uri: uri(), now: clock().now })());
    expect(e.message).toMatch(/expiration/i);
  });

  it('already expired credentials are refused with Expired', async () => {
    handler = json(credentialsBody(T0 - 1000));
    const e = await failure(fromCredentialsUri({ uri: uri(), now: clock().now })());
    expect(e.code).toBe('Expired');
    expect(e.message).toContain('2026-02-28T23:59:59.000Z');
  });

  it('an oversized body is refused (BodyTooLarge)', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...credentialsBody(T0 + 3600_000), Padding: 'x'.repeat(200_000) }));
    };
    const e = await failure(fromCredentialsUri({ uri: uri(), now: clock().now })());
    expect(e.code).toBe('BodyTooLarge');
  });

  it('maxBodyBytes is configurable', async () => {
    const e = await failure(fromCredentialsUri({ uri: uri(), maxBodyBytes: 64, now: clock().now })());
    expect(e.code).toBe('BodyTooLarge');
  });

  it('a server that never answers hits the total timeout', async () => {
    handler = () => {
      /* hang */
    };
    const e = await failure(fromCredentialsUri({ uri: uri(), timeoutMs: 200, retries: 0, now: clock().now })());
    expect(e.code).toBe('Timeout');
  });

  it('a refused connection is a network error, not a hang', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const e = await failure(fromCredentialsUri({ uri: `http://127.0.0.1:${port}/c`, retries: 0, now: clock().now })());
    expect(e.tryNextLink).toBe(false);
  });

  it('errors are not cached: the next call tries again', async () => {
    handler = json({}, 500);
    const provider = fromCredentialsUri({ uri: uri(), retries: 0, now: clock().now });
    await failure(provider());
    handler = json(credentialsBody(T0 + 3600_000));
    expect((await provider()).accessKeyId).toBe('STS.NUriTest1');
  });

  it('the caller signal aborts the request', async () => {
    handler = () => {
      /* hang */
    };
    const controller = new AbortController();
    const pending = fromCredentialsUri({ uri: uri(), retries: 0, now: clock().now })({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow();
  });
});
