import { request } from 'node:http';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { fromCredentialsUri } from '@alicred/uri';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { baseEnv, MemoryStream, tempHome } from './helpers';
import { runCli } from '../src/main';

let emu: Emulator;
let home: ReturnType<typeof tempHome>;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

/** Starts `alicred serve` in-process; resolves once it listens. */
async function serve(argv: string[], env: Record<string, string | undefined>) {
  const controller = new AbortController();
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const done = runCli(['serve', ...argv], { stdout, stderr, env, signal: controller.signal });
  for (let i = 0; i < 200 && !stdout.text.includes('\n'); i++) {
    const finished = await Promise.race([done.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 10))]);
    if (finished) break;
  }
  const first = stdout.text.split('\n')[0];
  const info = first ? (JSON.parse(first) as { url: string; port: number }) : undefined;
  return {
    info,
    stdout,
    stderr,
    done,
    async stop() {
      controller.abort();
      return done;
    },
  };
}

function withToken(token: string): typeof fetch {
  return (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${token}` } });
}

function rawGet(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

const akEnv = () =>
  baseEnv(home.home, {
    ALIBABA_CLOUD_ACCESS_KEY_ID: emu.seed.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: emu.seed.accessKeySecret,
    ALIBABA_CLOUD_STS_ENDPOINT: emu.url,
  });

describe('alicred serve', () => {
  it('serves a role session to @alicred/uri with the bearer token, and refuses requests without it', async () => {
    const token = 'test-token-0123456789abcdef';
    const server = await serve(['--role-arn', emu.seed.roleArn, '--token', token], akEnv());
    try {
      expect(server.info?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/credentials$/);
      const url = server.info!.url;
      expect(server.stdout.text).not.toContain(token);
      expect(server.stderr.text).not.toContain(token); // given by the user: not echoed

      const client = fromCredentialsUri({ uri: url, fetch: withToken(token) });
      const credentials = await client();
      expect(credentials.accessKeyId).toMatch(/^STS\./);
      expect(credentials.securityToken).toBeTruthy();
      expect(credentials.expiration!.getTime()).toBeGreaterThan(Date.now());

      // The same session again (served from the cache: one AssumeRole for both requests).
      const assumes = emu.requests({ service: 'sts', action: 'AssumeRole' }).length;
      const again = await fromCredentialsUri({ uri: url, fetch: withToken(token) })();
      expect(again.accessKeyId).toBe(credentials.accessKeyId);
      expect(emu.requests({ service: 'sts', action: 'AssumeRole' }).length).toBe(assumes);

      // Clients that cannot send a header put the token in the path (the official libraries).
      expect((await fromCredentialsUri({ uri: `${url}/${token}` })()).accessKeyId).toBe(credentials.accessKeyId);

      await expect(fromCredentialsUri({ uri: url })()).rejects.toMatchObject({ code: 'HttpError' });
      await expect(fromCredentialsUri({ uri: url, fetch: withToken('wrong-token-0123456789abc') })()).rejects.toMatchObject({ code: 'HttpError' });
      expect(await rawGet(server.info!.port, '/credentials', { authorization: `Bearer ${token}`, host: 'evil.example:80' })).toBe(403);
      expect(await rawGet(server.info!.port, '/other', { host: `127.0.0.1:${server.info!.port}` })).toBe(404);
      expect(await rawGet(server.info!.port, '/credentials/%E0%A4%A', { host: `127.0.0.1:${server.info!.port}` })).toBe(401);
      expect(server.stderr.text).toMatch(/GET \/credentials 401/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('prints a generated token once, on stderr only', async () => {
    const env = baseEnv(home.home, { ALIBABA_CLOUD_CREDENTIALS_URI: `${emu.url}${emu.seed.credentialsPath}` });
    const server = await serve(['--source', 'uri'], env);
    try {
      const token = /token \(shown once\): (\S+)/.exec(server.stderr.text)?.[1];
      expect(token).toMatch(/^[\w-]{32}$/);
      expect(server.stdout.text).not.toContain(token!);
      const credentials = await fromCredentialsUri({ uri: server.info!.url, fetch: withToken(token!) })();
      expect(credentials.providerName).toBe('uri');
    } finally {
      await server.stop();
    }
  });

  it('refuses to start with long-term AccessKeys and no --role-arn (exit 2)', async () => {
    const server = await serve([], akEnv());
    expect(server.info).toBeUndefined();
    expect(await server.done).toBe(2);
    expect(server.stderr.text).toMatch(/--role-arn/);
  });

  it('a short --token is a usage error', async () => {
    const server = await serve(['--token', 'short'], akEnv());
    expect(await server.done).toBe(1);
  });
});
