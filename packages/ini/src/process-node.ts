import { execFile } from 'node:child_process';

/** How a command ended when it did not succeed. Carries no output: stdout holds credentials. */
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

/**
 * Runs `argv[0]` with the remaining arguments, without a shell (no expansion, no injection), and resolves
 * with its stdout. Rejects with a {@link CommandFailure} on a non-zero exit, a signal, the timeout, or
 * output past the cap.
 */
export function runCommand(argv: readonly string[], options: RunCommandOptions): Promise<string> {
  const [file, ...args] = argv;
  return new Promise((resolve, reject) => {
    execFile(
      file ?? '',
      args,
      {
        shell: false,
        windowsHide: true,
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: options.maxOutputBytes ?? 1024 * 1024,
        encoding: 'utf8',
        ...(options.env === undefined ? {} : { env: options.env }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      },
      (error, stdout) => {
        if (!error) return resolve(stdout);
        const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string; code?: unknown };
        const failure: CommandFailure = {
          timedOut: e.killed === true && e.signal === 'SIGKILL' && !options.signal?.aborted,
          tooMuchOutput: e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER',
          ...(typeof e.code === 'number' ? { exitCode: e.code } : {}),
          ...(typeof e.signal === 'string' && e.signal !== '' ? { signal: e.signal } : {}),
          ...(typeof e.code === 'string' && e.code !== 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' ? { spawnError: e.code } : {}),
        };
        reject(failure);
      },
    );
  });
}
