import { redact, isDebugEnabled } from '@alicred/core';
import { createStsClient } from '@alicred/sts';
import { parseCommandArgs, SOURCE_OPTIONS } from '../args';
import { ExitCode } from '../exit-codes';
import { isoSeconds } from '../format-credentials';
import { stderrLogger, type CliContext } from '../io';
import { resolveProvider } from '../resolve';
import { parseSourceName, settingsFrom, SOURCE_NAMES } from '../sources';
import { relativeTime, startSpinner, styleFor, table } from '../terminal';

/** `alicred whoami --help`. */
export const WHOAMI_HELP = `Usage: alicred whoami [options]

Calls STS GetCallerIdentity with the resolved credentials: account, ARN, identity type, and which source
they came from.

Options:
  --json              machine-readable output
  --profile P         the aliyun CLI / credentials-file profile to use
  --source S          one source instead of the default chain: ${SOURCE_NAMES.join(', ')}
  --sts-endpoint URL  STS endpoint (else ALIBABA_CLOUD_STS_ENDPOINT, else ALIBABA_CLOUD_STS_REGION's, else sts.aliyuncs.com)
  -h, --help          this help

Exit codes: 0 ok, 1 usage, 2 no credentials, 3 remote error (STS refused the credentials or was unreachable).
`;

/** `alicred whoami`: who the resolved credentials belong to. */
export async function whoamiCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs('whoami', argv, { ...SOURCE_OPTIONS, json: { type: 'boolean' } });
  if (values.help) {
    ctx.stdout.write(WHOAMI_HELP);
    return ExitCode.Ok;
  }
  const settings = settingsFrom(values, ctx.env, stderrLogger(ctx, isDebugEnabled(ctx.env)));
  const provider = resolveProvider(parseSourceName(values.source, 'whoami'), settings);
  const signal = ctx.signal ? { signal: ctx.signal } : {};

  const spinner = startSpinner(ctx.stderr, 'asking STS who these credentials belong to…', ctx.env);
  let result;
  try {
    const credentials = await provider(signal);
    const sts = createStsClient({ env: ctx.env, ...(settings.stsEndpoint ? { endpoint: settings.stsEndpoint } : {}) });
    const identity = await sts.getCallerIdentity({ credentials, ...signal });
    result = { identity, credentials };
  } finally {
    spinner.stop();
  }
  const { identity, credentials } = result;
  const expiration = credentials.expiration ? isoSeconds(credentials.expiration) : undefined;

  if (values.json) {
    const doc = {
      accountId: identity.accountId,
      arn: identity.arn,
      identityType: identity.identityType,
      principalId: identity.principalId,
      ...(identity.userId ? { userId: identity.userId } : {}),
      ...(identity.roleId ? { roleId: identity.roleId } : {}),
      source: credentials.providerName,
      accessKeyId: redact(credentials.accessKeyId),
      expiration: expiration ?? null,
    };
    ctx.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return ExitCode.Ok;
  }
  const style = styleFor(ctx.stdout, ctx.env);
  const rows = [
    ['Account', identity.accountId],
    ['ARN', style.bold(identity.arn)],
    ['Type', identity.identityType || '-'],
    ['Principal', identity.principalId || '-'],
    ['Source', credentials.providerName],
    ['AccessKey', redact(credentials.accessKeyId)],
    ['Expires', credentials.expiration ? `${expiration} (${relativeTime(credentials.expiration, Date.now())})` : 'never (long-term AccessKey)'],
  ];
  ctx.stdout.write(`${table(rows.map(([k, v]) => [style.dim(k as string), v as string]))}\n`);
  if (identity.identityType === 'Account') {
    ctx.stderr.write(`${style.yellow('warning:')} these are the account's root AccessKeys; use a RAM user or role instead.\n`);
  }
  return ExitCode.Ok;
}
