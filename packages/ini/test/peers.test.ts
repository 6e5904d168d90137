import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromIni } from '../src/index';
import { importPeer } from '../src/peers';
import { put, rejection, tempHome } from './helpers';

let home: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ home, cleanup } = await tempHome());
});
afterEach(() => cleanup());

const where = { provider: 'ini', file: '/f', profile: 'p' };

describe('lazy import of peer packages', () => {
  it('a package that is not installed becomes MissingPackage naming the package and the init option', async () => {
    const error = await rejection(
      // @ts-ignore -- deliberately not installed
      importPeer('@alicred/not-a-real-package', 'fromX', () => import('@alicred/not-a-real-package'), where, 'type x', 'init.providers.x'),
    );
    expect(error).toMatchObject({ code: 'MissingPackage', tryNextLink: false, provider: 'ini' });
    expect(error.message).toBe(
      'profile "p" in /f: type x needs the package @alicred/not-a-real-package, which is not installed: ' +
        'run `npm install @alicred/not-a-real-package` (or pass init.providers.x).',
    );
  });

  it('a package without the expected export is MissingPackage too', async () => {
    const error = await rejection(importPeer('@alicred/core', 'fromNothing', () => import('@alicred/core'), where, 'type x', 'init.providers.x'));
    expect(error).toMatchObject({ code: 'MissingPackage' });
    expect(error.message).toContain('@alicred/core has no fromNothing export');
  });

  it('a package that throws while loading keeps the error as cause', async () => {
    const boom = new Error('top-level failure');
    const error = await rejection(importPeer('@alicred/x', 'f', () => Promise.reject(boom), where, 'type x', 'o'));
    expect(error).toMatchObject({ code: 'MissingPackage' });
    expect((error as Error & { cause?: unknown }).cause).toBe(boom);
  });
});

describe('credentials_uri through the real @alicred/uri', () => {
  it('imports fromCredentialsUri on first use and gets credentials from a local server', async () => {
    const expiration = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ Code: 'Success', AccessKeyId: 'STS.uri', AccessKeySecret: 'uri-secret', SecurityToken: 'uri-token', Expiration: expiration }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      await put(home, '.alibabacloud/credentials', `[default]\ntype = credentials_uri\ncredentials_uri = http://127.0.0.1:${port}/creds\n`);
      const creds = await fromIni({ homeDir: home, env: {} })();
      expect(creds).toMatchObject({ accessKeyId: 'STS.uri', securityToken: 'uri-token', providerName: 'uri' });
      expect(creds.expiration?.toISOString().replace(/\.\d{3}Z$/, 'Z')).toBe(expiration);
    } finally {
      server.close();
    }
  });
});
