import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';

/** Options for `updateCliProfile` (the internal writer `fromCliProfile` uses to persist refreshed credentials). */
export interface UpdateCliProfileOptions {
  /** Give up waiting for another writer after this long (ms). Default 10 000. */
  lockTimeoutMs?: number;
  /** A lock file older than this (ms) was left by a process that died; it is removed. Default 30 000. */
  staleLockMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

/**
 * Takes `<file>.lock` by creating it exclusively (`O_CREAT | O_EXCL`, atomic on local file systems), so
 * writers in different processes take turns. Returns the release function.
 */
async function acquireLock(lockPath: string, timeoutMs: number, staleMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      return async () => {
        await unlink(lockPath).catch(() => undefined);
      };
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw error;
    }
    try {
      const held = await stat(lockPath);
      if (Date.now() - held.mtimeMs > staleMs) {
        await unlink(lockPath).catch(() => undefined);
        continue;
      }
    } catch (error) {
      if (codeOf(error) === 'ENOENT') continue;
      throw error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${lockPath}`);
    await sleep(5 + Math.floor(Math.random() * 25));
  }
}

/**
 * Sets `fields` on the profile called `profileName` in the aliyun CLI `config.json`, the way the Go and Python
 * libraries do: under a lock, re-read the file (another process may have changed it), change only those
 * fields, write a temporary file next to it with the same permissions, flush it, and rename it over the
 * original — so readers see the old or the new file, never half of one, and no writer's update is lost.
 */
export async function updateCliProfile(
  file: string,
  profileName: string,
  fields: Readonly<Record<string, string | number>>,
  options: UpdateCliProfileOptions = {},
): Promise<void> {
  const release = await acquireLock(`${file}.lock`, options.lockTimeoutMs ?? 10_000, options.staleLockMs ?? 30_000);
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    const doc = JSON.parse(text.replace(/^\uFEFF/, '')) as { profiles?: unknown };
    const profiles = Array.isArray(doc?.profiles) ? (doc.profiles as unknown[]) : [];
    const profile = profiles.find(
      (p): p is Record<string, unknown> => typeof p === 'object' && p !== null && (p as { name?: unknown }).name === profileName,
    );
    if (!profile) throw new Error(`the profile is no longer in ${file}`);
    for (const [key, value] of Object.entries(fields)) profile[key] = value;
    const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const handle = await open(temp, 'wx', info.mode & 0o777);
      try {
        await handle.writeFile(`${JSON.stringify(doc, null, 4)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, file);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  } finally {
    await release();
  }
}
