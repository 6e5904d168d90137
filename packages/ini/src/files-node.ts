import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';

/** Reads a UTF-8 text file; errors keep Node's `code` (`ENOENT`, `EACCES`, `EISDIR`…). */
export async function readTextFile(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

/**
 * The file's permission bits, or `undefined` where they mean nothing (Windows) or the file cannot be
 * stat-ed. Used only to warn about secrets in a world-readable file.
 */
export async function filePermissions(path: string): Promise<number | undefined> {
  if (process.platform === 'win32') return undefined;
  try {
    return (await stat(path)).mode & 0o777;
  } catch {
    return undefined;
  }
}

/** The user's home directory as the OS reports it (used only when neither `homeDir` nor HOME is given). */
export function osHomeDir(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}
