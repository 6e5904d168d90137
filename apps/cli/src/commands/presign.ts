import { isCredentialsError, isDebugEnabled } from '@alicred/core';
import { presignOssRequest } from '@alicred/oss-signer';
import { parseCommandArgs, parseInteger, SOURCE_OPTIONS } from '../args';
import { usageError } from '../cli-error';
import { ExitCode } from '../exit-codes';
import { stderrLogger, type CliContext } from '../io';
import { resolveProvider } from '../resolve';
import { parseSourceName, settingsFrom, SOURCE_NAMES } from '../sources';

/** `alicred presign --help`. */
export const PRESIGN_HELP = `Usage: alicred presign oss://BUCKET/KEY --region R [options]

Prints an OSS presigned URL (Signature V4) made with the resolved credentials.

Options:
  --region R          OSS region, e.g. cn-hangzhou (else ALIBABA_CLOUD_REGION_ID)
  --expires N         lifetime in seconds, 1..604800 (default 3600); STS credentials end it sooner
  --method M          GET (default), PUT, HEAD, DELETE
  --content-type T    sign a Content-Type the user of the URL must send (PUT)
  --endpoint URL      OSS endpoint (default https://oss-<region>.aliyuncs.com)
  --profile P, --source S, --sts-endpoint URL   where credentials come from (see alicred credentials --help)
  -h, --help          this help

Sources: ${SOURCE_NAMES.join(', ')}.
Exit codes: 0 ok, 1 usage, 2 no credentials, 3 remote error.
`;

const METHODS = ['GET', 'PUT', 'HEAD', 'DELETE'];

/** Splits `oss://bucket/key`; the key is kept raw (the signer encodes it). */
export function parseOssUri(value: string | undefined): { bucket: string; key: string } {
  const match = value === undefined ? null : /^oss:\/\/([^/]+)\/(.+)$/s.exec(value);
  if (!match) throw usageError(`expected oss://BUCKET/KEY, got ${value === undefined ? 'nothing' : `"${value.slice(0, 80)}"`}.`, 'presign');
  return { bucket: match[1] as string, key: match[2] as string };
}

/** `alicred presign oss://bucket/key`: a presigned URL on stdout. */
export async function presignCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'presign',
    argv,
    {
      ...SOURCE_OPTIONS,
      region: { type: 'string' },
      expires: { type: 'string' },
      method: { type: 'string' },
      'content-type': { type: 'string' },
      endpoint: { type: 'string' },
    },
    true,
  );
  if (values.help) {
    ctx.stdout.write(PRESIGN_HELP);
    return ExitCode.Ok;
  }
  if (positionals.length > 1) throw usageError('presign takes one oss://BUCKET/KEY.', 'presign');
  const { bucket, key } = parseOssUri(positionals[0]);
  const region = values.region ?? ctx.env.ALIBABA_CLOUD_REGION_ID;
  if (!region) throw usageError('--region is required (or set ALIBABA_CLOUD_REGION_ID).', 'presign');
  const method = (values.method ?? 'GET').toUpperCase();
  if (!METHODS.includes(method)) throw usageError(`--method must be one of ${METHODS.join(', ')}.`, 'presign');
  const expiresIn = parseInteger(values.expires, 'expires', 1, 604_800, 'presign') ?? 3600;
  const endpoint = values.endpoint ?? `https://oss-${region.replace(/^oss-/, '')}.aliyuncs.com`;

  const credentials = resolveProvider(parseSourceName(values.source, 'presign'), settingsFrom(values, ctx.env, stderrLogger(ctx, isDebugEnabled(ctx.env))));
  const headers = values['content-type'] !== undefined ? { 'content-type': values['content-type'] } : undefined;
  const presigned = await presignOssRequest(
    { method, bucket, key, ...(headers ? { headers } : {}) },
    { credentials, region, expiresIn, endpoint, ...(ctx.signal ? { signal: ctx.signal } : {}) },
  ).catch((error: unknown) => {
    // The signer's own input checks (bucket, key, region, endpoint) are the user's arguments: exit code 1.
    if (isCredentialsError(error) && error.provider === 'oss-signer' && /^Invalid(Request|Configuration)$/.test(error.code)) {
      throw usageError(error.message, 'presign');
    }
    throw error;
  });
  ctx.stdout.write(`${presigned.url}\n`);
  const mustSend = Object.entries(presigned.signedHeaders).filter(([name]) => name !== 'host');
  if (mustSend.length > 0) {
    ctx.stderr.write(`send these headers with the request: ${mustSend.map(([n, v]) => `${n}: ${v}`).join(', ')}\n`);
  }
  return ExitCode.Ok;
}
