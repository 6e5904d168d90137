import { createCredentials, refreshing, type CredentialProvider, type Credentials } from '@alicred/core';
import type { CliContext } from './cli-profile';
import { CliReader } from './cli-reader';
import { profileError, type Location } from './errors';
import { parseLooseExpiration } from './expiration';
import { runCommand, type CommandFailure } from './process-node';
import { savedSts, stsFields } from './saved-sts';
import { splitCommand } from './split-command';

/** Default time limit for `process_command` (the official libraries' 60 s). */
export const EXTERNAL_PROCESS_TIMEOUT_MS = 60_000;

/**
 * An `External` profile (reference §4.9): `process_command` is split like a shell would and run without
 * one, and prints `{"mode":"AK"|"StsToken","access_key_id","access_key_secret","sts_token","expiration"}`.
 * Results with an expiration are cached and refreshed before it, and written back to config.json (so the
 * next process reuses them); results without one (`AK`) are kept until `forceRefresh` rather than re-running
 * the command on every call as the official libraries do.
 */
export function externalProvider(initial: CliReader, ctx: CliContext): CredentialProvider {
  const name = initial.record.name;
  commandOf(initial);
  return refreshing(
    async (signal) => {
      const record = (await ctx.reload(name)) ?? initial.record;
      const profile = new CliReader(record, initial.where);
      const saved = savedSts(profile, ctx.now(), ctx.providerName);
      if (saved) return saved;
      const argv = commandOf(profile);
      let stdout: string;
      try {
        stdout = await runCommand(argv, {
          timeoutMs: ctx.processTimeoutMs,
          ...(signal === undefined ? {} : { signal }),
          ...(ctx.env === undefined ? {} : { env: ctx.env }),
        });
      } catch (error) {
        throw commandError(profile.where, error, argv[0] ?? '', ctx.processTimeoutMs);
      }
      const credentials = parseOutput(stdout, profile.where, ctx);
      if (credentials.expiration !== undefined) await ctx.save(name, stsFields(credentials));
      return credentials;
    },
    {
      providerName: ctx.providerName,
      now: ctx.now,
      ...(ctx.random === undefined ? {} : { random: ctx.random }),
      ...(ctx.logger === undefined ? {} : { logger: ctx.logger }),
      ...(ctx.shareInFlight === undefined ? {} : { shareInFlight: ctx.shareInFlight }),
    },
  );
}

function commandOf(profile: CliReader): string[] {
  let argv: string[];
  try {
    argv = splitCommand(profile.required('process_command'));
  } catch (error) {
    if ((error as { provider?: unknown }).provider !== undefined) throw error;
    throw profileError(profile.where, 'InvalidProfile', `process_command cannot be split into arguments: ${(error as Error).message}.`);
  }
  if (argv.length === 0 || argv[0] === '') throw profileError(profile.where, 'InvalidProfile', 'process_command is empty.');
  return argv;
}

/** Program name for messages: the base name only (a path may hold a user name, the arguments a secret). */
function programName(program: string): string {
  return program.split(/[\\/]/).at(-1)?.slice(0, 64) ?? 'the program';
}

function commandError(where: Location, error: unknown, program: string, timeoutMs: number) {
  if ((error as { provider?: unknown } | null)?.provider !== undefined && error instanceof Error) return error;
  const f = error as Partial<CommandFailure> & { name?: string; code?: string };
  const name = programName(program);
  let what: string;
  if (f.name === 'AbortError' || f.code === 'ABORT_ERR') what = 'was aborted by the caller';
  else if (f.timedOut) what = `did not finish within ${timeoutMs / 1000} s and was killed`;
  else if (f.tooMuchOutput) what = 'printed more than 1 MiB';
  else if (f.spawnError !== undefined) what = `could not be started (${f.spawnError}): check the path in process_command`;
  else if (f.signal !== undefined) what = `was killed by ${f.signal}`;
  else what = `exited with code ${f.exitCode ?? 'unknown'}`;
  return profileError(where, 'ProcessFailed', `process_command (${name}) ${what}; run it yourself to see its output.`);
}

function parseOutput(stdout: string, where: Location, ctx: CliContext): Credentials {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    // Never quote the output: a half-printed credential is still a credential.
    throw profileError(where, 'InvalidResponse', `process_command printed ${stdout.length} characters that are not JSON.`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw profileError(where, 'InvalidResponse', 'process_command printed JSON that is not an object.');
  }
  const out = doc as Record<string, unknown>;
  const mode = out.mode;
  if (mode !== 'AK' && mode !== 'StsToken') {
    throw profileError(where, 'InvalidResponse', 'process_command printed no "mode" of "AK" or "StsToken".');
  }
  const required = mode === 'StsToken' ? ['access_key_id', 'access_key_secret', 'sts_token'] : ['access_key_id', 'access_key_secret'];
  const missing = required.filter((k) => typeof out[k] !== 'string' || out[k] === '');
  if (missing.length > 0) throw profileError(where, 'InvalidResponse', `process_command printed mode ${mode} without ${missing.join(', ')}.`);
  const hasExpiration = out.expiration !== undefined && out.expiration !== null && out.expiration !== '';
  const expiration = hasExpiration ? parseLooseExpiration(out.expiration, ctx.providerName) : undefined;
  if (expiration !== undefined && expiration.getTime() <= ctx.now()) {
    throw profileError(where, 'Expired', `process_command printed credentials that expired at ${expiration.toISOString()}.`);
  }
  return createCredentials({
    accessKeyId: out.access_key_id as string,
    accessKeySecret: out.access_key_secret as string,
    ...(mode === 'StsToken' ? { securityToken: out.sts_token as string } : {}),
    ...(expiration === undefined ? {} : { expiration }),
    providerName: ctx.providerName,
  });
}
