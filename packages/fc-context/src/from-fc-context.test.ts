import { inspect } from 'node:util';
import { isCredentialsError } from '@alicred/core';
import { describe, expect, it } from 'vitest';
import { fromFcContext } from './index';

const ID = 'STS.NTestFcContextKeyId';
const SECRET = 'fc-context-test-secret-0123456789';
const TOKEN = 'CAIS-fc-context-test-token';
const FC_ENV = { FC_FUNCTION_NAME: 'my-fn', FC_REGION: 'cn-hangzhou' };

/** An FC 3.0 Node.js handler context as documented (abridged to what exists in it). */
function fcContext(credentials: object | undefined) {
  return {
    requestId: 'c0ffee-1234',
    credentials,
    function: { name: 'my-fn', handler: 'index.handler', memory: 512, timeout: 60 },
    service: { name: 'svc', logProject: '', logStore: '', qualifier: 'LATEST', versionId: '' },
    region: 'cn-hangzhou',
    accountId: '1234567890',
  };
}

async function failure(p: Promise<unknown>) {
  const error = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(isCredentialsError(error)).toBe(true);
  const e = error as Error & { code: string; tryNextLink: boolean; provider: string };
  expect(e.message).not.toContain(SECRET);
  expect(e.message).not.toContain(TOKEN);
  return e;
}

describe('fromFcContext: handler context', () => {
  it('reads context.credentials (FC 2.0 and 3.0 shape)', async () => {
    const creds = await fromFcContext(fcContext({ accessKeyId: ID, accessKeySecret: SECRET, securityToken: TOKEN }), { env: {} })();
    expect(creds).toMatchObject({ accessKeyId: ID, accessKeySecret: SECRET, securityToken: TOKEN, providerName: 'fc-context' });
    expect(creds.expiration).toBeUndefined();
  });

  it('prefers the context over FC environment variables', async () => {
    const env = { ...FC_ENV, ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.old', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'old', ALIBABA_CLOUD_SECURITY_TOKEN: 'old' };
    const creds = await fromFcContext(fcContext({ accessKeyId: ID, accessKeySecret: SECRET, securityToken: TOKEN }), { env })();
    expect(creds.accessKeyId).toBe(ID);
  });

  it('re-reads a context supplier on every call', async () => {
    let current = fcContext({ accessKeyId: `${ID}1`, accessKeySecret: SECRET, securityToken: TOKEN });
    const provider = fromFcContext(() => current, { env: {} });
    expect((await provider()).accessKeyId).toBe(`${ID}1`);
    current = fcContext({ accessKeyId: `${ID}2`, accessKeySecret: SECRET, securityToken: TOKEN });
    expect((await provider()).accessKeyId).toBe(`${ID}2`);
  });

  it('a context with empty credentials (no role) falls back to FC env', async () => {
    const env = { ...FC_ENV, ALIBABA_CLOUD_ACCESS_KEY_ID: ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET, ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN };
    for (const credentials of [undefined, {}, { accessKeyId: '', accessKeySecret: '', securityToken: '' }]) {
      const creds = await fromFcContext(fcContext(credentials), { env })();
      expect(creds).toMatchObject({ accessKeyId: ID, securityToken: TOKEN, providerName: 'fc-context/env' });
    }
  });

  it('half-present context credentials: InvalidCredentials naming the field, chain stops', async () => {
    const e = await failure(fromFcContext(fcContext({ accessKeyId: ID, securityToken: TOKEN }), { env: {} })());
    expect(e.code).toBe('InvalidCredentials');
    expect(e.tryNextLink).toBe(false);
    expect(e.message).toContain('context.credentials.accessKeySecret');
    expect(e.message).not.toContain('context.credentials.accessKeyId');
  });
});

describe('fromFcContext: custom-runtime request headers', () => {
  const headers = { 'x-fc-access-key-id': ID, 'x-fc-access-key-secret': SECRET, 'x-fc-security-token': TOKEN, 'x-fc-request-id': 'r1' };

  it('a Web Request', async () => {
    const request = new Request('http://127.0.0.1:9000/invoke', { method: 'POST', headers });
    const creds = await fromFcContext(request, { env: {} })();
    expect(creds).toMatchObject({ accessKeyId: ID, accessKeySecret: SECRET, securityToken: TOKEN, providerName: 'fc-context/headers' });
  });

  it('a Headers object', async () => {
    expect((await fromFcContext(new Headers(headers), { env: {} })()).accessKeyId).toBe(ID);
  });

  it('a Node IncomingMessage-style request (lower-case keys, array values tolerated)', async () => {
    const req = { headers: { ...headers, 'x-fc-security-token': [TOKEN] } };
    expect((await fromFcContext(req, { env: {} })()).securityToken).toBe(TOKEN);
  });

  it('mixed-case keys in a hand-made record', async () => {
    const req = { headers: { 'X-Fc-Access-Key-Id': ID, 'X-Fc-Access-Key-Secret': SECRET } };
    const creds = await fromFcContext(req, { env: {} })();
    expect(creds.accessKeyId).toBe(ID);
    expect(creds.securityToken).toBeUndefined();
  });

  it('a request from a real node:http server on loopback', async () => {
    const { createServer } = await import('node:http');
    const server = createServer(async (req, res) => {
      try {
        const creds = await fromFcContext(req, { env: {} })();
        res.end(creds.accessKeyId);
      } catch (e) {
        res.statusCode = 500;
        res.end((e as Error).message);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers });
      expect(await res.text()).toBe(ID);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a secret header without the id header: InvalidCredentials naming the header', async () => {
    const e = await failure(fromFcContext(new Headers({ 'x-fc-access-key-secret': SECRET }), { env: {} })());
    expect(e.code).toBe('InvalidCredentials');
    expect(e.message).toContain('x-fc-access-key-id');
    expect(e.provider).toBe('fc-context/headers');
  });

  it('a request without x-fc-* headers falls back to FC env', async () => {
    const env = { ...FC_ENV, ALIBABA_CLOUD_ACCESS_KEY_ID: ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET };
    const creds = await fromFcContext(new Request('http://127.0.0.1/'), { env })();
    expect(creds.providerName).toBe('fc-context/env');
  });
});

describe('fromFcContext: environment and errors', () => {
  it('no invocation, in FC: reads FC environment variables', async () => {
    const env = { ...FC_ENV, ALIBABA_CLOUD_ACCESS_KEY_ID: ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET, ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN };
    expect(await fromFcContext(undefined, { env })()).toMatchObject({ accessKeyId: ID, securityToken: TOKEN });
  });

  it('outside FC the ALIBABA_CLOUD_* variables are not read (that is @alicred/env)', async () => {
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET };
    const e = await failure(fromFcContext(undefined, { env })());
    expect(e.code).toBe('NotConfigured');
    expect(e.tryNextLink).toBe(true);
    expect(e.message).toContain('not a Function Compute instance');
  });

  it('in FC without a role: NotConfigured that says to configure a role', async () => {
    const e = await failure(fromFcContext(fcContext(undefined), { env: FC_ENV })());
    expect(e.code).toBe('NotConfigured');
    expect(e.message).toContain('Configure a role');
  });

  it('FC env half set: names the missing variable', async () => {
    const e = await failure(fromFcContext(undefined, { env: { ...FC_ENV, ALIBABA_CLOUD_ACCESS_KEY_ID: ID } })());
    expect(e.code).toBe('InvalidCredentials');
    expect(e.message).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET is missing');
  });

  it('an event (Buffer) passed by mistake is not mistaken for credentials', async () => {
    const e = await failure(fromFcContext(Buffer.from('{}') as never, { env: {} })());
    expect(e.code).toBe('NotConfigured');
  });

  it('redacts the secret and the token', async () => {
    const creds = await fromFcContext(fcContext({ accessKeyId: ID, accessKeySecret: SECRET, securityToken: TOKEN }), { env: {} })();
    for (const text of [JSON.stringify(creds), String(creds), inspect(creds)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN);
    }
  });
});
