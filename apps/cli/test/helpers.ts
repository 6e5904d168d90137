import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliContext, CliStream } from '../src/io';
import { runCli } from '../src/main';

/** A stream that keeps what was written. */
export class MemoryStream implements CliStream {
  text = '';
  constructor(readonly isTTY = false) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** A temporary HOME (so no real profile is read) that `cleanup()` removes. */
export function tempHome(): { home: string; cleanup(): void } {
  const home = mkdtempSync(path.join(tmpdir(), 'alicred-cli-test-'));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/**
 * The environment every test starts from: a temp HOME, and every source that could leave the machine off
 * (ECS metadata disabled; no credentials URI), so a test never reaches 100.100.100.200.
 */
export function baseEnv(home: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    HOME: home,
    USERPROFILE: home,
    PATH: process.env.PATH,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
    ...extra,
  };
}

/** Runs `alicred <argv>` in-process. */
export async function run(argv: string[], env: Record<string, string | undefined>, options: { tty?: boolean; signal?: AbortSignal } = {}) {
  const stdout = new MemoryStream(options.tty ?? false);
  const stderr = new MemoryStream(false);
  const ctx: CliContext = { stdout, stderr, env, ...(options.signal ? { signal: options.signal } : {}) };
  const code = await runCli(argv, ctx);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
