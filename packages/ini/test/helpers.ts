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
