import { profileError, quoteName, type Location } from './errors';
import { isUnsafeProfileName } from './parse-ini';

/** One entry of `profiles` in `~/.aliyun/config.json`, as written by the aliyun CLI. Values are unvalidated. */
export type CliProfileRecord = Readonly<Record<string, unknown>> & { readonly name: string };

/** `~/.aliyun/config.json`: the selected profile name and the profiles. */
export interface CliConfig {
  readonly current?: string;
  readonly profiles: readonly CliProfileRecord[];
}

/**
 * Parses and shape-checks the aliyun CLI configuration. JSON errors are reported by line and column, never
 * with the text around them (the JSON engine's own message quotes the file, which holds secrets).
 */
export function parseCliConfig(text: string, file: string, provider: string): CliConfig {
  const where: Location = { provider, file };
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw profileError(where, 'MalformedFile', `is not valid JSON${jsonPosition(error, text)}: fix it or run \`aliyun configure\` again.`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw profileError(where, 'MalformedFile', 'must be a JSON object with "current" and "profiles".');
  }
  const root = doc as Record<string, unknown>;
  const current = Object.hasOwn(root, 'current') ? root.current : undefined;
  if (current !== undefined && current !== null && typeof current !== 'string') {
    throw profileError(where, 'MalformedFile', '"current" must be a string (a profile name).');
  }
  const rawProfiles = Object.hasOwn(root, 'profiles') ? root.profiles : undefined;
  if (rawProfiles !== undefined && rawProfiles !== null && !Array.isArray(rawProfiles)) {
    throw profileError(where, 'MalformedFile', '"profiles" must be an array.');
  }
  const profiles: CliProfileRecord[] = [];
  for (const [index, entry] of (rawProfiles ?? []).entries()) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw profileError(where, 'MalformedFile', `profiles[${index}] must be an object.`);
    }
    const name = Object.hasOwn(entry, 'name') ? (entry as Record<string, unknown>).name : undefined;
    if (typeof name !== 'string' || name === '') {
      throw profileError(where, 'MalformedFile', `profiles[${index}] has no "name".`);
    }
    if (isUnsafeProfileName(name)) {
      throw profileError(where, 'UnsafeProfileName', `profiles[${index}] is named ${quoteName(name)}, which is not allowed (it collides with JavaScript object internals): rename it.`);
    }
    // A null-prototype copy: reads of absent keys never reach Object.prototype.
    profiles.push(Object.assign(Object.create(null) as Record<string, unknown>, entry) as CliProfileRecord);
  }
  return typeof current === 'string' && current !== '' ? { current, profiles } : { profiles };
}

/** The first profile called `name` (the CLI takes the first one too). */
export function findCliProfile(config: CliConfig, name: string): CliProfileRecord | undefined {
  return config.profiles.find((p) => p.name === name);
}

function jsonPosition(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : '';
  const match = /position (\d+)/.exec(message);
  if (match) {
    const offset = Number(match[1]);
    const before = text.slice(0, offset).split(/\r\n|\r|\n/);
    return ` (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`;
  }
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  return lineCol ? ` (line ${lineCol[1]}, column ${lineCol[2]})` : '';
}
