import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { kmsClientKeyError, KmsClientKeyErrorCode as Code } from './errors';

// Node build of the file access this provider needs; files-web.ts exports the same names for edge runtimes.

// A ClientKey JSON is ~4 KB: refusing big files keeps a wrong path (a log, a disk image) from being read whole.
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The text of `path` (UTF-8). `what` names the file in errors, e.g. `the ClientKey file`.
 *
 * @throws CredentialsError `FileNotFound` when it cannot be read (the path is in the message, the content never).
 */
export async function readTextFile(path: string, what: string): Promise<string> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    if (info.size > MAX_FILE_BYTES) {
      throw kmsClientKeyError(`${what} ${path} is larger than ${MAX_FILE_BYTES} bytes; is it the right file?`, Code.InvalidClientKey);
    }
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { name?: unknown }).name === 'CredentialsError') throw error;
    const reason = (error as { code?: unknown }).code;
    throw kmsClientKeyError(`${what} ${path} cannot be read${typeof reason === 'string' ? ` (${reason})` : ''}.`, Code.FileNotFound, error);
  }
}

/** Like {@link readTextFile}, but `undefined` when the file does not exist. */
export async function readTextFileIfExists(path: string, what: string): Promise<string | undefined> {
  try {
    await stat(path);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
  }
  return readTextFile(path, what);
}

/** `secretsmanager.properties` in the working directory, where the official clients look for it. */
export function defaultPropertiesPath(): string | undefined {
  return resolve(process.cwd(), 'secretsmanager.properties');
}
