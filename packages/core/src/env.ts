import { CredentialsError } from './errors';

/**
 * Where environment variables come from: `process.env`, a Cloudflare Workers `env` binding object,
 * `Deno.env.toObject()`, or a plain object in tests.
 */
export type EnvLike = Record<string, string | undefined>;

const EMPTY_ENV: EnvLike = Object.freeze({});

/**
 * The env object to read: `env` when given, else `globalThis.process?.env`, else an empty object. Never
 * throws where there is no `process` (browsers, workerd without nodejs_compat).
 */
export function getEnv(env?: EnvLike): EnvLike {
  if (env) return env;
  try {
    const processEnv = (globalThis as { process?: { env?: EnvLike } }).process?.env;
    return processEnv ?? EMPTY_ENV;
  } catch {
    return EMPTY_ENV;
  }
}

/**
 * One variable, trimmed; `undefined` when unset, empty or only whitespace. Never throws: reading a variable
 * that the runtime forbids (Deno without `--allow-env`) counts as unset.
 */
export function readEnv(name: string, env?: EnvLike): string | undefined {
  let raw: unknown;
  try {
    raw = getEnv(env)[name];
  } catch {
    return undefined;
  }
  if (typeof raw !== 'string') return undefined;
  const value = raw.trim();
  return value === '' ? undefined : value;
}

const TRUE_VALUES = new Set(['true', '1', 'yes', 'on']);
const FALSE_VALUES = new Set(['false', '0', 'no', 'off']);

/**
 * A boolean variable, case-insensitive: `true`/`1`/`yes`/`on` → `true`, `false`/`0`/`no`/`off` → `false`,
 * unset or empty → `undefined`.
 *
 * @throws CredentialsError `InvalidConfiguration` for any other value, because silently reading a typo such
 * as `ALIBABA_CLOUD_ECS_METADATA_DISABLED=ture` as "false" would do the opposite of what the user meant.
 */
export function readBoolEnv(name: string, env?: EnvLike): boolean | undefined {
  const value = readEnv(name, env);
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (TRUE_VALUES.has(lower)) return true;
  if (FALSE_VALUES.has(lower)) return false;
  throw new CredentialsError(`${name} must be true or false (or 1/0, yes/no), not ${JSON.stringify(value.slice(0, 20))}.`, {
    code: 'InvalidConfiguration',
    provider: 'env',
  });
}
