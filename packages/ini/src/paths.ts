import { readEnv, type EnvLike } from '@alicred/core';
import { osHomeDir } from './files-node';

/** Joins path parts with the separator the home directory already uses (`\` on Windows, else `/`). */
export function joinPath(base: string, ...parts: string[]): string {
  const sep = base.includes('\\') && !base.includes('/') ? '\\' : '/';
  return [base.replace(/[\\/]+$/, ''), ...parts].join(sep);
}

/**
 * The home directory: `homeDir` → `HOME` → `USERPROFILE` → `HOMEDRIVE` + `HOMEPATH` → the OS answer.
 * Read from the injectable `env` first so tests and sandboxes never touch the real home.
 */
export function resolveHomeDir(homeDir: string | undefined, env: EnvLike | undefined): string | undefined {
  if (homeDir !== undefined && homeDir !== '') return homeDir;
  const fromEnv = readEnv('HOME', env) ?? readEnv('USERPROFILE', env);
  if (fromEnv !== undefined) return fromEnv;
  const drive = readEnv('HOMEDRIVE', env);
  const path = readEnv('HOMEPATH', env);
  if (drive !== undefined && path !== undefined) return `${drive}${path}`;
  return osHomeDir();
}

/** Expands a leading `~/` (or `~\`) against the home directory, as shells do for these variables. */
export function expandHome(path: string, home: () => string | undefined): string {
  if (path !== '~' && !path.startsWith('~/') && !path.startsWith('~\\')) return path;
  const dir = home();
  return dir === undefined ? path : joinPath(dir, path.slice(2)).replace(/[\\/]$/, '');
}
