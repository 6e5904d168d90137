import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './cli-error';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command that resolves credentials accepts. */
export const SOURCE_OPTIONS = {
  profile: { type: 'string' },
  source: { type: 'string' },
  'sts-endpoint': { type: 'string' },
} as const satisfies Options;

/** What {@link parseCommandArgs} returns: each option's value (absent when not given), and positionals. */
export interface ParsedArgs<T extends Options> {
  values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string } & { help?: boolean };
  positionals: string[];
}

/**
 * `node:util` parseArgs in strict mode, with its errors turned into usage errors (exit code 1) that name
 * the command's `--help`. `--help` / `-h` is accepted by every command.
 */
export function parseCommandArgs<T extends Options>(command: string, argv: string[], options: T, allowPositionals = false): ParsedArgs<T> {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals,
    }) as ParsedArgs<T>;
  } catch (error) {
    // parseArgs messages are plain ("Unknown option '--x'"); its error codes are not worth exposing.
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
    throw usageError(message, command);
  }
}

/** A whole number within bounds, for `--port`, `--expires`. */
export function parseInteger(value: string | undefined, name: string, min: number, max: number, command: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw usageError(`--${name} must be a whole number from ${min} to ${max}, got "${value.slice(0, 20)}".`, command);
  }
  return Number(value);
}
