import { readFileSync, statSync } from 'node:fs';
import { redact, silentLogger, type Credentials } from '@alicred/core';
import { cliConfigPath, iniFilePaths } from '@alicred/ini';
import { createStsClient } from '@alicred/sts';
import { parseCommandArgs, SOURCE_OPTIONS } from '../args';
import { usageError } from '../cli-error';
import { explainDefaultChain, type LinkReport } from '../default-chain';
import { ExitCode } from '../exit-codes';
import { isoSeconds } from '../format-credentials';
import type { CliContext } from '../io';
import { settingsFrom } from '../sources';
import { relativeTime, startSpinner, styleFor, table } from '../terminal';

/** `alicred doctor --help`. */
export const DOCTOR_HELP = `Usage: alicred doctor [options]

Explains the default credential chain: each source in order, whether it is configured and why, which one
won, when its credentials expire, and warnings (credential files readable by others, root AccessKeys, no
region). Secrets are never shown.

Options:
  --json              machine-readable output
  --offline           no STS call (skips the root-AccessKey check)
  --profile P         the profile the file sources read (as ALIBABA_CLOUD_PROFILE)
  --sts-endpoint URL  STS endpoint for role sources and the root check (else ALIBABA_CLOUD_STS_ENDPOINT)
  -h, --help          this help

Exit codes: 0 a source won, 1 usage, 2 no credentials, 3 remote error.
`;

/** A finding that does not stop credentials from working but should be fixed. */
export interface DoctorWarning {
  code: 'WorldReadableFile' | 'RootAccessKey' | 'NoRegion' | 'CallerIdentityFailed';
  message: string;
}

/** Credential files readable by group or others (POSIX only: Windows has no such mode bits). */
export function permissionWarnings(env: Record<string, string | undefined>, platform = process.platform): DoctorWarning[] {
  if (platform === 'win32') return [];
  const files = [...iniFilePaths({ env }), cliConfigPath({ env })].filter((f): f is string => f !== undefined);
  const warnings: DoctorWarning[] = [];
  for (const file of files) {
    let mode: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) continue;
      mode = stat.mode;
    } catch {
      continue;
    }
    if ((mode & 0o044) !== 0) {
      warnings.push({
        code: 'WorldReadableFile',
        message: `${file} is readable by ${(mode & 0o004) !== 0 ? 'every user' : 'its group'} (mode ${(mode & 0o777).toString(8)}): run chmod 600 ${file}`,
      });
    }
  }
  return warnings;
}

/** The region from the environment or the current aliyun CLI profile, if any. */
export function configuredRegion(env: Record<string, string | undefined>, profile?: string): string | undefined {
  for (const name of ['ALIBABA_CLOUD_REGION_ID', 'ALIBABA_CLOUD_STS_REGION', 'OSS_REGION']) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  const file = cliConfigPath({ env });
  if (file === undefined) return undefined;
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { current?: string; profiles?: Array<{ name?: string; region_id?: string }> };
    const wanted = profile ?? env.ALIBABA_CLOUD_PROFILE ?? doc.current ?? 'default';
    const region = doc.profiles?.find((p) => p.name === wanted)?.region_id;
    return typeof region === 'string' && region.trim() !== '' ? region.trim() : undefined;
  } catch {
    return undefined;
  }
}

function expiryText(credentials: Credentials | undefined, now: number): string {
  if (!credentials) return '';
  if (!credentials.expiration) return 'never';
  return `${isoSeconds(credentials.expiration)} (${relativeTime(credentials.expiration, now)})`;
}

/** `alicred doctor`: the default chain, explained. */
export async function doctorCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs('doctor', argv, { ...SOURCE_OPTIONS, json: { type: 'boolean' }, offline: { type: 'boolean' } });
  if (values.help) {
    ctx.stdout.write(DOCTOR_HELP);
    return ExitCode.Ok;
  }
  if (values.source !== undefined) throw usageError('doctor always explains the whole default chain; --source does not apply.', 'doctor');
  // Sources log nothing here: doctor reports their warnings itself.
  const settings = settingsFrom(values, ctx.env, silentLogger);
  const env = ctx.env;
  const spinner = startSpinner(ctx.stderr, 'checking credential sources…', ctx.env);
  let explanation;
  const warnings: DoctorWarning[] = [];
  try {
    explanation = await explainDefaultChain({ ...settings, env }, ctx.signal);
    warnings.push(...permissionWarnings(env));
    const { credentials } = explanation;
    if (credentials && credentials.securityToken === undefined && values.offline !== true) {
      // Only long-term keys can be root keys; STS credentials are always a user or a role.
      try {
        const sts = createStsClient({ env, ...(settings.stsEndpoint ? { endpoint: settings.stsEndpoint } : {}), retries: 0 });
        const identity = await sts.getCallerIdentity({ credentials, ...(ctx.signal ? { signal: ctx.signal } : {}) });
        if (identity.identityType === 'Account') {
          warnings.push({ code: 'RootAccessKey', message: `${redact(credentials.accessKeyId)} is a root AccessKey of account ${identity.accountId}: create a RAM user (or role) with only the permissions needed, and disable the root key.` });
        }
      } catch (error) {
        warnings.push({ code: 'CallerIdentityFailed', message: `STS GetCallerIdentity failed, so these credentials may not work: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
    if (configuredRegion(env, values.profile) === undefined) {
      warnings.push({ code: 'NoRegion', message: 'no region configured (ALIBABA_CLOUD_REGION_ID, ALIBABA_CLOUD_STS_REGION or a CLI profile region_id): STS calls go to the global sts.aliyuncs.com and OSS needs --region.' });
    }
  } finally {
    spinner.stop();
  }
  const now = Date.now();
  const { links, credentials } = explanation;
  const winner = links.find((l) => l.status === 'used');

  if (values.json) {
    const doc = {
      winner: winner?.name ?? null,
      source: credentials?.providerName ?? null,
      accessKeyId: credentials ? redact(credentials.accessKeyId) : null,
      expiration: credentials?.expiration ? isoSeconds(credentials.expiration) : null,
      links: links.map((l) => ({ name: l.name, status: l.status, ...(l.code ? { code: l.code } : {}), ...(l.reason ? { reason: l.reason } : {}), ...(l.hint ? { hint: l.hint } : {}), durationMs: Math.round(l.durationMs * 10) / 10 })),
      warnings,
    };
    ctx.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    const style = styleFor(ctx.stdout, ctx.env);
    const mark: Record<LinkReport['status'], string> = {
      used: style.green('✔ used'),
      'not-configured': style.dim('– not configured'),
      failed: style.red('✘ failed'),
      'not-tried': style.dim('· not tried'),
    };
    const rows = [['SOURCE', 'STATUS', 'DETAIL'].map((h) => style.bold(h))];
    for (const link of links) {
      const detail = link.status === 'used' ? `${credentials?.providerName ?? ''} ${redact(credentials?.accessKeyId ?? '')}, expires ${expiryText(credentials, now)}` : (link.reason ?? '');
      rows.push([link.name, mark[link.status], detail]);
    }
    ctx.stdout.write(`${table(rows)}\n\n`);
    ctx.stdout.write(
      winner
        ? `${style.green('Credentials:')} from ${winner.name} (${credentials?.providerName}), ${credentials?.securityToken ? 'temporary' : 'long-term AccessKey'}, expires ${expiryText(credentials, now)}\n`
        : `${style.red('No credentials:')} ${explanation.errorMessage ?? 'no source is configured.'}\n`,
    );
    for (const warning of warnings) ctx.stdout.write(`${style.yellow('warning:')} ${warning.message}\n`);
  }
  if (winner) return ExitCode.Ok;
  return explanation.exitCode;
}
