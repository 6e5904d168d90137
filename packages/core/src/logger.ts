import { readEnv, type EnvLike } from './env';

/**
 * Where alicred writes diagnostics. `console` satisfies it. Messages never contain secrets; extra
 * arguments are usually an error (whose message is secret-free too).
 */
export interface Logger {
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
}

const noop = (): void => {};

/** A logger that drops everything: the default when no logger is given and debug is off. */
export const silentLogger: Logger = /* @__PURE__ */ Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });

/**
 * A logger that writes to the global `console` with an `[alicred]` prefix. It looks `console` up on each
 * call, so test spies and runtimes that replace `console` work.
 */
export const consoleLogger: Logger = /* @__PURE__ */ Object.freeze({
  debug: (message: string, ...args: unknown[]) => console.debug(`[alicred] ${message}`, ...args),
  info: (message: string, ...args: unknown[]) => console.info(`[alicred] ${message}`, ...args),
  warn: (message: string, ...args: unknown[]) => console.warn(`[alicred] ${message}`, ...args),
  error: (message: string, ...args: unknown[]) => console.error(`[alicred] ${message}`, ...args),
});

let debugOverride: boolean | undefined;

/**
 * Turns debug output on or off for every provider that was not given its own logger (`undefined` goes back
 * to the environment variable). Without a call, debug is on when `ALICRED_DEBUG` is `1`/`true`/`yes`.
 */
export function setDebug(enabled: boolean | undefined): void {
  debugOverride = enabled;
}

/** Whether debug output is on: {@link setDebug}'s value, else the `ALICRED_DEBUG` variable in `env`. */
export function isDebugEnabled(env?: EnvLike): boolean {
  if (debugOverride !== undefined) return debugOverride;
  const value = readEnv('ALICRED_DEBUG', env)?.toLowerCase();
  return value === '1' || value === 'true' || value === 'yes';
}

/**
 * The logger a provider should use: the one it was given, else {@link consoleLogger} while debug is on,
 * else {@link silentLogger}. Call it per use rather than once, so `setDebug` takes effect at once.
 */
export function resolveLogger(logger?: Logger, env?: EnvLike): Logger {
  if (logger) return logger;
  return isDebugEnabled(env) ? consoleLogger : silentLogger;
}
