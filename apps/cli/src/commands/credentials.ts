import { isDebugEnabled } from '@alicred/core';
import { parseCommandArgs, SOURCE_OPTIONS } from '../args';
import { CliError, usageError } from '../cli-error';
import { ExitCode } from '../exit-codes';
import { CREDENTIAL_FORMATS, formatCredentials, type CredentialsFormat } from '../format-credentials';
import { stderrLogger, type CliContext } from '../io';
import { resolveProvider } from '../resolve';
import { parseSourceName, settingsFrom, SOURCE_NAMES } from '../sources';
import { startSpinner } from '../terminal';

/** `alicred credentials --help`. */
export const CREDENTIALS_HELP = `Usage: alicred credentials [options]

Resolves credentials (the default chain, or --source) and prints them for another program.

  eval "$(alicred credentials --format env)"            # POSIX shells
  alicred credentials --format powershell | Invoke-Expression

Options:
  --format F          env (default), json, ini, powershell, process (aliyun CLI External mode)
  --profile P         the aliyun CLI / credentials-file profile to use (no other source is tried)
  --source S          one source instead of the default chain: ${SOURCE_NAMES.join(', ')}
  --sts-endpoint URL  STS endpoint for role profiles (else ALIBABA_CLOUD_STS_ENDPOINT)
  --reveal            print even when stdout is a terminal
  -h, --help          this help

Secrets are not printed to a terminal unless --reveal is given, so they do not land in scrollback.
Exit codes: 0 ok, 1 usage, 2 no credentials, 3 remote error.
`;

/** `alicred credentials`: print resolved credentials in a form another program reads. */
export async function credentialsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs('credentials', argv, {
    ...SOURCE_OPTIONS,
    format: { type: 'string' },
    reveal: { type: 'boolean' },
  });
  if (values.help) {
    ctx.stdout.write(CREDENTIALS_HELP);
    return ExitCode.Ok;
  }
  const format = (values.format ?? 'env') as CredentialsFormat;
  if (!CREDENTIAL_FORMATS.includes(format)) {
    throw usageError(`unknown --format "${String(values.format).slice(0, 40)}": use one of ${CREDENTIAL_FORMATS.join(', ')}.`, 'credentials');
  }
  const source = parseSourceName(values.source, 'credentials');
  // Checked before resolving, so nothing is fetched that would not be printed.
  if (ctx.stdout.isTTY === true && values.reveal !== true) {
    throw new CliError(
      'refusing to print credentials to a terminal (they would stay in its scrollback).',
      ExitCode.Usage,
      'pipe or capture the output, e.g. eval "$(alicred credentials --format env)", or pass --reveal.',
    );
  }

  const provider = resolveProvider(source, settingsFrom(values, ctx.env, stderrLogger(ctx, isDebugEnabled(ctx.env))));
  const spinner = startSpinner(ctx.stderr, 'resolving credentials…', ctx.env);
  let text: string;
  try {
    const credentials = await provider({ ...(ctx.signal ? { signal: ctx.signal } : {}) });
    text = formatCredentials(credentials, format, values.profile !== undefined ? { profile: values.profile } : {});
  } finally {
    spinner.stop();
  }
  ctx.stdout.write(text);
  return ExitCode.Ok;
}
