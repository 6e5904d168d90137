import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isCredentialsError, type CredentialsError } from './errors';
import { httpRequest } from './http';
import { assertHttpOk, parseJsonBody } from './http-response';
import { USER_AGENT, VERSION } from './user-agent';

const SECRET = 'Sig-SeCrEt-abcdef0123456789';
let server: Server;
let base: string;
const hits = new Map<string, number>();
// Keyed by path and query: a test that uses a unique query is not confused by a late request of an earlier test.
const hitsByUrl = new Map<string, number>();
const seen: { path: string; headers: IncomingMessage['headers']; body: string }[] = [];

function route(req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname;
  hits.set(path, (hits.get(path) ?? 0) + 1);
  hitsByUrl.set(req.url ?? '', (hitsByUrl.get(req.url ?? '') ?? 0) + 1);
  seen.push({ path, headers: req.headers, body });
  switch (path) {
    case '/ok':
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
      return;
    case '/hang':
      // Never answers; the client's timeout or abort must end the request.
      return;
    case '/big':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(100 * 1024) }).end('x'.repeat(100 * 1024));
      return;
    case '/big-chunked': {
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 100; i++) res.write('y'.repeat(1024));
      res.end();
      return;
    }
    case '/exact':
      res.writeHead(200).end('z'.repeat(1000));
      return;
    case '/flaky': {
      const failuresWanted = Number(url.searchParams.get('fail') ?? '2');
      const status = Number(url.searchParams.get('status') ?? '503');
      if ((hits.get(path) ?? 0) <= failuresWanted) res.writeHead(status).end('busy');
      else res.writeHead(200).end('done');
      return;
    }
    case '/redirect':
      res.writeHead(302, { location: '/ok' }).end();
      return;
    case '/error':
      res.writeHead(500).end('oops');
      return;
    case '/not-json':
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<html>${SECRET}</html>`);
      return;
    case '/echo':
      res.writeHead(200).end(body);
      return;
    default:
      res.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => route(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  hits.clear();
  seen.length = 0;
});

const noSleep = { sleep: async () => {}, random: () => 0.5 };

async function failure(promise: Promise<unknown>): Promise<CredentialsError> {
  try {
    await promise;
  } catch (error) {
    expect(isCredentialsError(error)).toBe(true);
    return error as CredentialsError;
  }
  throw new Error('expected a rejection');
}

describe('httpRequest', () => {
  it('reads the body and sends the alicred User-Agent', async () => {
    const res = await httpRequest(`${base}/ok`, { provider: 'test' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(parseJsonBody(res, 'test')).toEqual({ ok: true });
    expect(res.url).toBe(`${base}/ok`);
    expect(seen[0]!.headers['user-agent']).toBe(USER_AGENT);
    expect(USER_AGENT).toBe(`alicred/${VERSION} (node)`);
  });

  it('keeps a User-Agent the caller sets, and sends method, headers and body', async () => {
    const res = await httpRequest(`${base}/echo`, {
      provider: 'test',
      method: 'post',
      headers: { 'user-agent': 'mine/1', 'x-extra': 'yes' },
      body: 'hello',
    });
    expect(res.text).toBe('hello');
    expect(seen[0]!.headers['user-agent']).toBe('mine/1');
    expect(seen[0]!.headers['x-extra']).toBe('yes');
  });

  it('times out with code Timeout and names the host but not the query', async () => {
    const error = await failure(httpRequest(`${base}/hang?Signature=${SECRET}`, { provider: 'test', timeoutMs: 50 }));
    expect(error.code).toBe('Timeout');
    expect(error.message).toContain('127.0.0.1');
    expect(error.message).toContain('/hang');
    expect(error.message).not.toContain(SECRET);
  });

  it('retries a timeout only when idempotent', async () => {
    // Count attempts at the client: under load the server may not see a request before a short timeout.
    let attempts = 0;
    const counting: typeof fetch = (input, requestInit) => {
      attempts += 1;
      return fetch(input, requestInit);
    };
    const retried = await failure(
      httpRequest(`${base}/hang`, { provider: 'test', timeoutMs: 30, idempotent: true, retries: 2, fetch: counting, ...noSleep }),
    );
    expect(retried.code).toBe('Timeout');
    expect(attempts).toBe(3);
    attempts = 0;
    await failure(httpRequest(`${base}/hang`, { provider: 'test', timeoutMs: 30, retries: 2, fetch: counting, ...noSleep }));
    expect(attempts).toBe(1);
  });

  it("stops at once when the caller's signal fires", async () => {
    const controller = new AbortController();
    const pending = httpRequest(`${base}/hang?test=abort`, { provider: 'test', signal: controller.signal, idempotent: true, ...noSleep });
    while (!hitsByUrl.get('/hang?test=abort')) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const error = await failure(pending);
    expect(error.code).toBe('Aborted');
    // Not retried although idempotent: the caller gave up.
    expect(hitsByUrl.get('/hang?test=abort')).toBe(1);
    expect((await failure(httpRequest(`${base}/ok`, { provider: 'test', signal: AbortSignal.abort() }))).code).toBe('Aborted');
  });

  it('rejects a body over the cap (declared length) with BodyTooLarge', async () => {
    const error = await failure(httpRequest(`${base}/big`, { provider: 'test' }));
    expect(error.code).toBe('BodyTooLarge');
    expect(error.message).toContain('65536');
  });

  it('rejects a chunked body over the cap while streaming it', async () => {
    const error = await failure(httpRequest(`${base}/big-chunked`, { provider: 'test', maxBodyBytes: 10_000 }));
    expect(error.code).toBe('BodyTooLarge');
    const ok = await httpRequest(`${base}/big-chunked`, { provider: 'test', maxBodyBytes: 200 * 1024 });
    expect(ok.text.length).toBe(100 * 1024);
  });

  it('accepts a body exactly at the cap', async () => {
    expect((await httpRequest(`${base}/exact`, { provider: 'test', maxBodyBytes: 1000 })).text).toHaveLength(1000);
    expect((await failure(httpRequest(`${base}/exact`, { provider: 'test', maxBodyBytes: 999 }))).code).toBe('BodyTooLarge');
  });

  it('retries 5xx with backoff when idempotent, and returns the success', async () => {
    const delays: number[] = [];
    const res = await httpRequest(`${base}/flaky?fail=2`, {
      provider: 'test',
      idempotent: true,
      sleep: async (ms) => {
        delays.push(ms);
      },
      random: () => 0.5,
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('done');
    expect(hits.get('/flaky')).toBe(3);
    // Exponential with jitter: d/2 + 0.5·d/2 for d = 200, 400.
    expect(delays).toEqual([150, 300]);
  });

  it('retries 429 when idempotent and gives up after `retries`, returning the last response', async () => {
    const res = await httpRequest(`${base}/flaky?fail=10&status=429`, { provider: 'test', idempotent: true, retries: 3, ...noSleep });
    expect(res.status).toBe(429);
    expect(hits.get('/flaky')).toBe(4);
  });

  it('never retries a request that is not marked idempotent', async () => {
    const res = await httpRequest(`${base}/flaky?fail=2`, { provider: 'test', method: 'POST', body: 'x', retries: 5, ...noSleep });
    expect(res.status).toBe(503);
    expect(hits.get('/flaky')).toBe(1);
  });

  it('does not retry 4xx', async () => {
    const res = await httpRequest(`${base}/missing`, { provider: 'test', idempotent: true, ...noSleep });
    expect(res.status).toBe(404);
    expect(hits.get('/missing')).toBe(1);
  });

  it('does not follow redirects by default', async () => {
    const res = await httpRequest(`${base}/redirect`, { provider: 'test' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/ok');
    expect(hits.get('/ok')).toBeUndefined();
    const error = (() => {
      try {
        assertHttpOk(res, 'test');
      } catch (e) {
        return e as CredentialsError;
      }
    })();
    expect(error?.code).toBe('HttpError');
    expect(error?.message).toMatch(/302.*redirect/);
  });

  it('follows redirects when asked', async () => {
    const res = await httpRequest(`${base}/redirect`, { provider: 'test', followRedirects: true });
    expect(res.status).toBe(200);
    expect(hits.get('/ok')).toBe(1);
  });

  it('assertHttpOk names host and status but not query-string secrets', async () => {
    const res = await httpRequest(`${base}/error?AccessKeySecret=${SECRET}&Signature=${SECRET}`, { provider: 'test' });
    expect(res.status).toBe(500);
    let caught: CredentialsError | undefined;
    try {
      assertHttpOk(res, 'test', 'the STS call');
    } catch (error) {
      caught = error as CredentialsError;
    }
    expect(caught?.code).toBe('HttpError');
    expect(caught?.message).toContain(`127.0.0.1:${new URL(base).port}`);
    expect(caught?.message).toContain('500');
    expect(caught?.message).not.toContain(SECRET);
    expect(assertHttpOk(await httpRequest(`${base}/ok`, { provider: 'test' }), 'test').status).toBe(200);
  });

  it('maps network failures to NetworkError, retried only when idempotent', async () => {
    let calls = 0;
    const failing: typeof fetch = async () => {
      calls += 1;
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ECONNREFUSED ?Signature=${SECRET}`), { code: 'ECONNREFUSED' }) });
    };
    const error = await failure(httpRequest(`${base}/x?Signature=${SECRET}`, { provider: 'test', fetch: failing, idempotent: true, ...noSleep }));
    expect(error.code).toBe('NetworkError');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('127.0.0.1');
    expect(error.message).not.toContain(SECRET);
    expect(calls).toBe(3);
    calls = 0;
    await failure(httpRequest(`${base}/x`, { provider: 'test', fetch: failing, ...noSleep }));
    expect(calls).toBe(1);
  });

  it('scrubs a cause whose message echoes the full URL (as Deno does)', async () => {
    const url = `${base}/x?Signature=${SECRET}`;
    const leaky: typeof fetch = async () => {
      throw new TypeError(`error sending request for url (${url})`);
    };
    const error = await failure(httpRequest(url, { provider: 'test', fetch: leaky }));
    expect(String((error.cause as Error).message)).not.toContain(SECRET);
    expect(String((error.cause as Error).message)).toContain('/x');
  });

  it('a real refused connection on loopback is a NetworkError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(httpRequest(`http://127.0.0.1:${port}/`, { provider: 'test' }));
    expect(error.code).toBe('NetworkError');
  });

  it('passes the dispatcher and the manual redirect mode through to fetch', async () => {
    let init: (RequestInit & { dispatcher?: unknown }) | undefined;
    const spy: typeof fetch = async (_url, requestInit) => {
      init = requestInit as typeof init;
      return new Response('ok');
    };
    const dispatcher = { marker: true };
    await httpRequest(`${base}/ok`, { provider: 'test', fetch: spy, dispatcher });
    expect(init?.dispatcher).toBe(dispatcher);
    expect(init?.redirect).toBe('manual');
    expect(init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('rejects an invalid URL with InvalidConfiguration', async () => {
    expect((await failure(httpRequest('not a url', { provider: 'test' }))).code).toBe('InvalidConfiguration');
  });
});

describe('parseJsonBody', () => {
  it('gives InvalidResponse on non-JSON without echoing the body', async () => {
    const res = await httpRequest(`${base}/not-json`, { provider: 'test' });
    let caught: CredentialsError | undefined;
    try {
      parseJsonBody(res, 'test');
    } catch (error) {
      caught = error as CredentialsError;
    }
    expect(caught?.code).toBe('InvalidResponse');
    expect(caught?.message).toContain('text/html');
    expect(caught?.message).not.toContain(SECRET);
    expect(caught?.message).not.toContain('<html>');
  });

  it('treats an empty body as invalid', () => {
    expect(() => parseJsonBody({ status: 200, headers: new Headers(), text: ' ', url: `${base}/` }, 'test')).toThrow(/not JSON/);
  });
});
