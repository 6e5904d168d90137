import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isCredentialsError, type CredentialProvider, type Credentials, isDebugEnabled } from '@alicred/core';
import { fromRamRoleArn } from '@alicred/ram-role';
import { parseCommandArgs, parseInteger, SOURCE_OPTIONS } from '../args';
import { CliError, describeError } from '../cli-error';
import { ExitCode } from '../exit-codes';
import { isoSeconds } from '../format-credentials';
import { stderrLogger, type CliContext } from '../io';
import { resolveProvider } from '../resolve';
import { parseSourceName, settingsFrom, SOURCE_NAMES } from '../sources';

/** Where a token given in the environment is read (keeps it out of `ps` output). */
export const SERVE_TOKEN_ENV = 'ALICRED_SERVE_TOKEN';
/** The path credentials are served at. */
export const SERVE_PATH = '/credentials';

/** `alicred serve --help`. */
export const SERVE_HELP = `Usage: alicred serve [options]

Serves the resolved credentials on 127.0.0.1 over the credentials-URI protocol, refreshed through the
cache, for local tools and containers. Every request must carry the token:

  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:PORT${SERVE_PATH}

Clients that cannot send a header (the official Alibaba Cloud libraries) put it in the path instead:

  ALIBABA_CLOUD_CREDENTIALS_URI=http://127.0.0.1:PORT${SERVE_PATH}/$TOKEN

Options:
  --port N            port on 127.0.0.1 (default: a free one, printed at start)
  --token T           the token to require (else ${SERVE_TOKEN_ENV}, else a random one printed once to stderr)
  --role-arn ARN      serve a session of this RAM role, assumed with the resolved credentials
                      (needed when they are long-term AccessKeys: the protocol carries temporary ones only)
  --profile P, --source S, --sts-endpoint URL   where credentials come from (see alicred credentials --help)
  -h, --help          this help

The first line on stdout is JSON ({"url":…,"port":…}) for scripts; the token is never written there.
SIGINT or SIGTERM stops the server. Sources: ${SOURCE_NAMES.join(', ')}.
Exit codes: 0 stopped, 1 usage, 2 no credentials, 3 remote error.
`;

/** Compares in constant time, so response timing does not reveal how much of a guess was right. */
function sameToken(given: string, expected: Buffer): boolean {
  const candidate = Buffer.from(given, 'utf8');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

function send(res: ServerResponse, status: number, body: Record<string, string>, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function checkServable(credentials: Credentials): void {
  if (credentials.securityToken === undefined || credentials.expiration === undefined) {
    throw new CliError(
      `the credentials from "${credentials.providerName}" are ${credentials.securityToken === undefined ? 'a long-term AccessKey' : 'an STS token without an expiration'}; the credentials-URI protocol carries only temporary credentials with an expiration.`,
      ExitCode.NoCredentials,
      'pass --role-arn to serve a role session assumed with them, or use a role, OIDC, ECS or URI source.',
    );
  }
}

/** Answers one request; the token is never logged or echoed. */
async function handle(req: IncomingMessage, res: ServerResponse, provider: CredentialProvider, token: Buffer, port: number): Promise<number> {
  // A page in a browser could reach 127.0.0.1 through a DNS name it controls (DNS rebinding): only
  // loopback Host headers are served.
  const host = (req.headers.host ?? '').toLowerCase();
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    send(res, 403, { Code: 'Forbidden', Message: 'only Host 127.0.0.1 or localhost is served.' });
    return 403;
  }
  const path = (req.url ?? '/').split('?')[0] as string;
  let given: string | undefined;
  if (path.startsWith(`${SERVE_PATH}/`)) {
    try {
      given = decodeURIComponent(path.slice(SERVE_PATH.length + 1));
    } catch {
      given = ''; // malformed percent-encoding: treated as a wrong token
    }
  }
  else if (path !== SERVE_PATH) {
    send(res, 404, { Code: 'NotFound', Message: `credentials are served at ${SERVE_PATH}.` });
    return 404;
  }
  if (req.method !== 'GET') {
    send(res, 405, { Code: 'MethodNotAllowed', Message: 'use GET.' }, { allow: 'GET' });
    return 405;
  }
  const auth = req.headers.authorization;
  if (given === undefined && auth !== undefined && /^Bearer\s+/i.test(auth)) given = auth.replace(/^Bearer\s+/i, '').trim();
  if (given === undefined || !sameToken(given, token)) {
    send(res, 401, { Code: 'Unauthorized', Message: 'send Authorization: Bearer <token> (the token alicred serve printed or was given).' }, { 'www-authenticate': 'Bearer' });
    return 401;
  }
  try {
    const credentials = await provider();
    checkServable(credentials);
    send(res, 200, {
      Code: 'Success',
      AccessKeyId: credentials.accessKeyId,
      AccessKeySecret: credentials.accessKeySecret,
      SecurityToken: credentials.securityToken as string,
      Expiration: isoSeconds(credentials.expiration as Date),
    });
    return 200;
  } catch (error) {
    // Credential errors never carry secrets; the client gets the same reason the operator sees.
    const message = isCredentialsError(error) || error instanceof CliError ? describeError(error)[0] : 'internal error';
    send(res, 503, { Code: 'CredentialsUnavailable', Message: message ?? 'unavailable' });
    return 503;
  }
}

/** `alicred serve`: a credentials-URI server on loopback until the signal fires. */
export async function serveCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs('serve', argv, {
    ...SOURCE_OPTIONS,
    port: { type: 'string' },
    token: { type: 'string' },
    'role-arn': { type: 'string' },
  });
  if (values.help) {
    ctx.stdout.write(SERVE_HELP);
    return ExitCode.Ok;
  }
  const port = parseInteger(values.port, 'port', 0, 65_535, 'serve') ?? 0;
  const givenToken = values.token ?? ctx.env[SERVE_TOKEN_ENV];
  if (givenToken !== undefined && givenToken.length < 16) {
    throw new CliError('the token must be at least 16 characters.', ExitCode.Usage, 'omit --token to get a random one.');
  }
  const token = givenToken ?? randomBytes(24).toString('base64url');

  const settings = settingsFrom(values, ctx.env, stderrLogger(ctx, isDebugEnabled(ctx.env)));
  const source = resolveProvider(parseSourceName(values.source, 'serve'), settings);
  const provider = values['role-arn']
    ? fromRamRoleArn({
        source,
        roleArn: values['role-arn'],
        env: ctx.env,
        ...(settings.stsEndpoint ? { endpoint: settings.stsEndpoint } : {}),
        roleSessionName: 'alicred-serve',
      })
    : source;

  // Resolve once before listening: a server that can only answer errors should not start.
  const first = await provider();
  checkServable(first);

  const tokenBytes = Buffer.from(token, 'utf8');
  let boundPort = 0;
  const server = createServer((req, res) => {
    handle(req, res, provider, tokenBytes, boundPort).then(
      (status) => ctx.stderr.write(`${new Date().toISOString()} ${req.method} ${SERVE_PATH} ${status}\n`),
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  }).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot listen on 127.0.0.1:${port}: ${error.code ?? error.message}.`, ExitCode.Usage, 'choose another --port.');
  });
  boundPort = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${boundPort}${SERVE_PATH}`;
  ctx.stdout.write(`${JSON.stringify({ url, port: boundPort })}\n`);
  ctx.stderr.write(`alicred serve: credentials from "${first.providerName}" at ${url}\n`);
  if (givenToken === undefined) {
    ctx.stderr.write(`token (shown once): ${token}\n  curl -H "Authorization: Bearer <token>" ${url}\n  ALIBABA_CLOUD_CREDENTIALS_URI=${url}/<token>\n`);
  }

  await new Promise<void>((resolve) => {
    if (ctx.signal?.aborted) return resolve();
    ctx.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  ctx.stderr.write('alicred serve: stopped\n');
  return ExitCode.Ok;
}
