import type { Credentials } from '@alicred/core';
import { CliError } from './cli-error';
import { ExitCode } from './exit-codes';

/** Output forms of `alicred credentials`. */
export const CREDENTIAL_FORMATS = ['env', 'json', 'ini', 'powershell', 'process'] as const;
/** One of {@link CREDENTIAL_FORMATS}. */
export type CredentialsFormat = (typeof CREDENTIAL_FORMATS)[number];

const ID = 'ALIBABA_CLOUD_ACCESS_KEY_ID';
const SECRET = 'ALIBABA_CLOUD_ACCESS_KEY_SECRET';
const TOKEN = 'ALIBABA_CLOUD_SECURITY_TOKEN';

/** POSIX shell single quotes: nothing inside is expanded; a `'` closes, is escaped, and reopens. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** PowerShell single-quoted string: `''` is a literal quote, nothing else is special. */
function powershellQuote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `2024-01-02T03:04:05Z`: the form every Alibaba Cloud library parses (no milliseconds). */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// Values are written on one line each; a line break inside one would let a value add a line of shell code.
function oneLine(value: string, what: string): string {
  if (/[\r\n\0]/.test(value)) throw new CliError(`the ${what} from the credential source contains a line break; refusing to print it.`, ExitCode.NoCredentials);
  return value;
}

/**
 * The text `alicred credentials --format <format>` prints. This is the one place the CLI writes secrets,
 * and only to the destination the user chose.
 *
 * - `env`: `export` lines for `eval "$(alicred credentials --format env)"`; without a token it `unset`s
 *   `ALIBABA_CLOUD_SECURITY_TOKEN`, so a token left from an earlier eval is never paired with a new AccessKey.
 * - `powershell`: `$Env:` assignments for `alicred credentials --format powershell | Invoke-Expression`.
 * - `json`: the credentials-URI document (`Code`, `AccessKeyId`, `AccessKeySecret`, `SecurityToken`,
 *   `Expiration`) plus `ProviderName`.
 * - `ini`: a profile of `~/.alibabacloud/credentials` (`type = access_key` or `sts`).
 * - `process`: the aliyun CLI External-mode document, so `alicred credentials --format process` can be a
 *   profile's `process_command`.
 */
export function formatCredentials(credentials: Credentials, format: CredentialsFormat, options: { profile?: string } = {}): string {
  const id = oneLine(credentials.accessKeyId, 'AccessKey id');
  const secret = oneLine(credentials.accessKeySecret, 'AccessKey secret');
  const token = credentials.securityToken === undefined ? undefined : oneLine(credentials.securityToken, 'security token');
  const expiration = credentials.expiration ? isoSeconds(credentials.expiration) : undefined;
  const note = `source ${credentials.providerName}, ${expiration ? `expires ${expiration}` : 'no expiration'}`;

  switch (format) {
    case 'env':
      return [
        `# alicred: ${note}`,
        `export ${ID}=${shellQuote(id)}`,
        `export ${SECRET}=${shellQuote(secret)}`,
        token === undefined ? `unset ${TOKEN}` : `export ${TOKEN}=${shellQuote(token)}`,
        '',
      ].join('\n');
    case 'powershell':
      return [
        `# alicred: ${note}`,
        `$Env:${ID} = ${powershellQuote(id)}`,
        `$Env:${SECRET} = ${powershellQuote(secret)}`,
        token === undefined
          ? `Remove-Item Env:${TOKEN} -ErrorAction SilentlyContinue`
          : `$Env:${TOKEN} = ${powershellQuote(token)}`,
        '',
      ].join('\n');
    case 'json': {
      const doc: Record<string, string> = { Code: 'Success', AccessKeyId: id, AccessKeySecret: secret };
      if (token !== undefined) doc.SecurityToken = token;
      if (expiration !== undefined) doc.Expiration = expiration;
      doc.ProviderName = credentials.providerName;
      return `${JSON.stringify(doc, null, 2)}\n`;
    }
    case 'ini': {
      const section = options.profile ?? 'default';
      if (!/^[^\[\]\r\n]+$/.test(section)) throw new CliError('the profile name cannot be an INI section name (no brackets or line breaks).', ExitCode.Usage);
      return [
        `# alicred: ${note}`,
        `[${section}]`,
        `type = ${token === undefined ? 'access_key' : 'sts'}`,
        `access_key_id = ${id}`,
        `access_key_secret = ${secret}`,
        ...(token === undefined ? [] : [`security_token = ${token}`]),
        '',
      ].join('\n');
    }
    case 'process': {
      const doc: Record<string, string> = { mode: token === undefined ? 'AK' : 'StsToken', access_key_id: id, access_key_secret: secret };
      if (token !== undefined) doc.sts_token = token;
      if (expiration !== undefined) doc.expiration = expiration;
      return `${JSON.stringify(doc)}\n`;
    }
  }
}
