import { mkdtemp, mkdir, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCredentials, type CredentialProvider, type Logger } from '@alicred/core';

/** A fresh temporary home directory; nothing here ever touches the real `~`. */
export async function tempHome(): Promise<{ home: string; cleanup: () => Promise<void> }> {
  const home = await mkdtemp(path.join(tmpdir(), 'alicred-ini-'));
  return { home, cleanup: () => rm(home, { recursive: true, force: true }) };
}

/** Writes `text` to `home/relative` (creating directories), mode 600 unless told otherwise. */
export async function put(home: string, relative: string, text: string, mode = 0o600): Promise<string> {
  const file = path.join(home, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  await chmod(file, mode);
  return file;
}

/** A logger that keeps what it was told. */
export function recordingLogger(): Logger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const log = (level: string) => (message: string) => void lines.push({ level, message });
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/**
 * A real factory standing in for an alicred package that is injected: it records the init it was given
 * and returns credentials named after it.
 */
export function recordingFactory<I>(name: string): { factory: (init: I) => CredentialProvider; inits: I[] } {
  const inits: I[] = [];
  const factory = (init: I): CredentialProvider => {
    inits.push(init);
    return async () => createCredentials({ accessKeyId: `${name}-id`, accessKeySecret: `${name}-secret`, securityToken: `${name}-token`, providerName: name });
  };
  return { factory, inits };
}

/** Everything a user could print of an error. */
export function printed(error: unknown): string {
  const e = error as Error & { cause?: unknown };
  return [String(e), e.message, e.stack ?? '', JSON.stringify(e), String(e.cause ?? '')].join('\n');
}

/** The rejection of `promise` (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code: string; tryNextLink: boolean; provider: string }> {
  try {
    await promise;
  } catch (error) {
    return error as never;
  }
  throw new Error('expected a rejection');
}

/** A recorded request to {@link localServer}. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A `node:http` server on 127.0.0.1 with a port picked by the OS; `respond` decides each answer. */
export async function localServer(
  respond: (req: SeenRequest) => { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>,
): Promise<{ url: string; seen: SeenRequest[]; close: () => Promise<void> }> {
  const { createServer } = await import('node:http');
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', async () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(request);
      const answer = await respond(request);
      res.statusCode = answer.status ?? 200;
      res.setHeader('content-type', 'application/json');
      res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((r) => server.close(() => r())) };
}

/** The aliyun CLI config at `file`, parsed. */
export async function readConfig(file: string): Promise<{ current?: string; profiles: (Record<string, unknown> & { name: string })[] }> {
  const { readFile } = await import('node:fs/promises');
  return JSON.parse(await readFile(file, 'utf8'));
}
