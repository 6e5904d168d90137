import { isCredentialsError } from '@alicred/core';
import { filePermissions, readTextFile } from './files-node';
import { profileError } from './errors';

/** Reads a file as UTF-8 text (inject one in tests, or to read profiles on a runtime without `node:fs`). */
export type ReadFile = (path: string) => Promise<string>;

/** A file that was found and read. `permissions` is set only when read from disk by this package on POSIX. */
export interface LoadedFile {
  readonly path: string;
  readonly text: string;
  readonly permissions?: number;
}

const MISSING = new Set(['ENOENT', 'ENOTDIR']);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Reads the first file of `paths` that exists. A missing file (`ENOENT`, `ENOTDIR`) moves on to the next
 * path; any other failure (permission denied, a directory, an I/O error) is an `UnreadableFile` error,
 * because a file that is there but cannot be read is a mistake to fix, not an absent configuration.
 * Returns `undefined` when none exists.
 */
export async function readFirstFile(paths: readonly string[], readFile: ReadFile | undefined, provider: string): Promise<LoadedFile | undefined> {
  for (const path of paths) {
    let text: string;
    try {
      text = await (readFile ?? readTextFile)(path);
    } catch (error) {
      const code = errorCode(error);
      if (code !== undefined && MISSING.has(code)) continue;
      if (isCredentialsError(error)) throw error;
      throw profileError({ provider, file: path }, 'UnreadableFile', `cannot be read (${code ?? 'error'}): check that it is a file and that this user may read it.`, {
        cause: error,
      });
    }
    if (typeof text !== 'string') {
      throw profileError({ provider, file: path }, 'UnreadableFile', 'readFile did not return a string.');
    }
    const permissions = readFile === undefined ? await filePermissions(path) : undefined;
    return permissions === undefined ? { path, text } : { path, text, permissions };
  }
  return undefined;
}
