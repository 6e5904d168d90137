import { isCredentialsError } from '@alicred/core';
import { isStsError } from '@alicred/sts';
import { ExitCode, type ExitCodeValue } from './exit-codes';

/** An error the command reports as is (message and exit code), without a stack. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: ExitCodeValue;
  /** What to do about it, printed on its own line. */
  readonly hint?: string;

  constructor(message: string, exitCode: ExitCodeValue, hint?: string) {
    super(message);
    this.exitCode = exitCode;
    if (hint !== undefined) this.hint = hint;
  }
}

/** A usage error (exit code 1), with the command's `--help` as the hint. */
export function usageError(message: string, command?: string): CliError {
  return new CliError(message, ExitCode.Usage, `run \`alicred ${command ? `${command} ` : ''}--help\` for the options.`);
}

// Codes core and the sources use when a remote answered badly or not at all: that is exit code 3, not
// "no credentials", because the local configuration may be fine.
const REMOTE_CODES = new Set(['HttpError', 'NetworkError', 'Timeout', 'BodyTooLarge', 'InvalidResponse']);

/** The exit code for anything a command threw. */
export function exitCodeOf(error: unknown): ExitCodeValue {
  if (error instanceof CliError) return error.exitCode;
  if (isStsError(error)) return ExitCode.Remote;
  if (isCredentialsError(error)) return REMOTE_CODES.has(error.code) ? ExitCode.Remote : ExitCode.NoCredentials;
  return ExitCode.Remote;
}

/**
 * The lines printed for an error: its message (credential errors never carry a secret, a token or a
 * signature: core and the sources guarantee it), its code and source, and what to do next.
 */
export function describeError(error: unknown): string[] {
  if (error instanceof CliError) return [error.message, ...(error.hint ? [error.hint] : [])];
  if (isCredentialsError(error)) {
    const where = [error.code && `code ${error.code}`, error.provider && `source ${error.provider}`].filter(Boolean).join(', ');
    // An STS error's message already carries its hint.
    const lines = [`${error.message}${where ? ` (${where})` : ''}`];
    if (exitCodeOf(error) === ExitCode.NoCredentials) lines.push('run `alicred doctor` to see what each credential source found.');
    return lines;
  }
  // Not ours: keep it short; a stack is for bug reports (ALICRED_DEBUG=1 prints it).
  return [`unexpected error: ${error instanceof Error ? error.message : String(error)}`];
}
