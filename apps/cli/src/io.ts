/** Where a command writes: `process.stdout` / `process.stderr` fit, and so does an in-memory stream in tests. */
export interface CliStream {
  write(text: string): unknown;
  /** True when the stream is a terminal: secrets are not printed there without `--reveal`, spinners only there. */
  isTTY?: boolean;
}

/** Everything a command may touch outside its arguments, so tests run commands in-process. */
export interface CliContext {
  stdout: CliStream;
  stderr: CliStream;
  /** The environment credentials are resolved from (`process.env` in the bin). */
  env: Record<string, string | undefined>;
  /** Stops long-running commands (`serve`); the bin aborts it on SIGINT and SIGTERM. */
  signal?: AbortSignal;
}

/**
 * The logger handed to credential sources: warnings (a world-readable file, a failed background refresh)
 * go to stderr, prefixed, so they never mix with what a command prints on stdout; debug lines only with
 * `ALICRED_DEBUG`.
 */
export function stderrLogger(ctx: CliContext, debug: boolean): import('@alicred/core').Logger {
  const line = (level: string) => (message: string) => void ctx.stderr.write(`alicred: ${level}${message}\n`);
  const none = () => {};
  return { debug: debug ? line('debug: ') : none, info: debug ? line('') : none, warn: line('warning: '), error: line('error: ') };
}
