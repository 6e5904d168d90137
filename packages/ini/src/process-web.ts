import { CredentialsError } from '@alicred/core';

/** How a command ended when it did not succeed. */
export interface CommandFailure {
  readonly exitCode?: number;
  readonly signal?: string;
  readonly timedOut: boolean;
  readonly tooMuchOutput: boolean;
  readonly spawnError?: string;
}

/** Options for {@link runCommand}. */
export interface RunCommandOptions {
  timeoutMs: number;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  maxOutputBytes?: number;
}

/** Edge twin of process-node.ts: no processes here. */
export async function runCommand(_argv: readonly string[], _options: RunCommandOptions): Promise<string> {
  throw new CredentialsError('External profiles (process_command) need Node: they run a local program.', {
    code: 'Unsupported',
    provider: 'cli-profile',
    tryNextLink: true,
  });
}
