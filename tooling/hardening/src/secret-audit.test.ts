// Secret audit: marker secrets go through every provider, its error paths and every log level; every thrown
// message, `cause` chain, log line, console line, inspect/JSON/String rendering and the CLI's output is
// scanned for them. Markers are the values a user must never see echoed: AccessKey secrets, security tokens,
// OIDC and bearer tokens, a secret in a credentials-URI query — plus every secret and token the emulator
// issues during the run. Any hit fails, naming where it was found.
import { inspect } from 'node:util';
import { runCli } from '@alicred/cli';
import { bearerAuth, createBearerToken, fromBearerToken } from '@alicred/bearer';
import { chain, defaultChain } from '@alicred/chain';
import { createCredentials, fromStatic, parseExpiration, setDebug, type CredentialProvider, type Logger } from '@alicred/core';
import { fromEcsMetadata } from '@alicred/ecs-imds';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { fromEnv } from '@alicred/env';
import { fromFcContext } from '@alicred/fc-context';
import { fromCliProfile, fromIni } from '@alicred/ini';
import { fromKmsClientKey } from '@alicred/kms-client-key';
import { fromOidcRoleArn } from '@alicred/oidc';
import { presignOssRequest, signOssRequest } from '@alicred/oss-signer';
import { fromRamRoleArn } from '@alicred/ram-role';
import { createStsClient } from '@alicred/sts';
import { fromCredentialsUri } from '@alicred/uri';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KMS_TEST_KEY, MATRIX_EMULATOR_CONFIG } from './support/matrix';

const M = {
  secret: 'MarkerAkSecret0001zzQ',
  token: 'MarkerStsToken0002zzQ',
  oidc: 'eyJhbGciOiJSUzI1NiJ9.MarkerOidcToken0003zzQ.c2ln',
  bearer: 'MarkerBearerToken0004zzQ',
  uriQuery: 'MarkerUriQuery0005zzQ',
} as const;
const ID = 'LTAI5tMarkerKeyId0000';

/** Every value that must not appear: the fixed markers and whatever secret the run produced. */
const markers = new Set<string>(Object.values(M));
/** Every rendering gathered: [where, text]. */
const corpus: Array<[string, string]> = [];

function render(where: string, value: unknown, depth = 0): void {
  if (value === undefined || value === null || depth > 6) return;
  if (typeof value === 'string') {
    corpus.push([where, value]);
    return;
  }
  if (typeof value !== 'object' && typeof value !== 'function') {
    corpus.push([where, String(value)]);
    return;
  }
  corpus.push([`${where} inspect`, inspect(value, { depth: 8 })]);
  try {
    corpus.push([`${where} JSON`, JSON.stringify(value) ?? '']);
  } catch {
    // Circular: inspect above covers it.
  }
  try {
    corpus.push([`${where} String`, String(value)]);
  } catch {
    // An object without toString: inspect covers it.
  }
  if (value instanceof Error || (typeof value === 'object' && 'message' in value)) {
    const e = value as Error & { cause?: unknown; errors?: unknown[]; report?: unknown };
    corpus.push([`${where} message`, String(e.message)], [`${where} stack`, String(e.stack)]);
    for (const key of Object.keys(e)) render(`${where}.${key}`, (e as unknown as Record<string, unknown>)[key], depth + 1);
    render(`${where}.cause`, e.cause, depth + 1);
    if (Array.isArray(e.errors)) e.errors.forEach((inner, i) => render(`${where}.errors[${i}]`, inner, depth + 1));
  }
}

/** A logger that keeps every line of every level. */
function recordingLogger(where: string): Logger {
  const line =
    (level: string) =>
    (message: string, ...args: unknown[]): void => {
      corpus.push([`${where} log.${level}`, String(message)]);
      args.forEach((a, i) => render(`${where} log.${level} arg${i}`, a));
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

/** Calls the provider; renders the credentials (and adds their secrets to the markers) or the error. */
async function exercise(where: string, provider: CredentialProvider | (() => Promise<unknown>)): Promise<'ok' | 'error'> {
  try {
    const result = (await provider()) as Record<string, unknown>;
    for (const key of ['accessKeySecret', 'securityToken', 'token']) {
      const v = result?.[key];
      if (typeof v === 'string' && v.length >= 8) markers.add(v);
    }
    render(`${where} result`, result);
    corpus.push([`${where} template`, `${result as unknown as string}`]);
    return 'ok';
  } catch (error) {
    render(`${where} error`, error);
    return 'error';
  }
}

let emu: Emulator;
const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;
const realConsole = Object.fromEntries(consoleMethods.map((m) => [m, console[m]]));

beforeAll(async () => {
  emu = await startEmulator({ config: MATRIX_EMULATOR_CONFIG });
  markers.add(emu.seed.accessKeySecret);
  // The ClientKey's private key, whole and by its base64 body lines (a partial echo is a leak too).
  for (const line of KMS_TEST_KEY.privateKeyPem.split('\n')) if (line.length > 40 && !line.startsWith('-----')) markers.add(line);
  // Every level on: providers without a logger write to the console, which is recorded too.
  setDebug(true);
  for (const m of consoleMethods) {
    console[m] = (...args: unknown[]) => args.forEach((a, i) => render(`console.${m} arg${i}`, a));
  }
});

afterAll(async () => {
  for (const m of consoleMethods) console[m] = realConsole[m] as never;
  setDebug(undefined);
  await emu?.close();
});

describe('secret audit', () => {
  it('static and environment sources', async () => {
    const log = recordingLogger('env');
    expect(await exercise('fromStatic', fromStatic({ accessKeyId: ID, accessKeySecret: M.secret, securityToken: M.token }))).toBe('ok');
    expect(await exercise('fromEnv', fromEnv({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: M.secret, ALIBABA_CLOUD_SECURITY_TOKEN: M.token } }))).toBe('ok');
    expect(await exercise('fromEnv half', fromEnv({ env: { ALIBABA_CLOUD_ACCESS_KEY_SECRET: M.secret, ALIBABA_CLOUD_SECURITY_TOKEN: M.token } }))).toBe('error');
    expect(await exercise('fromEnv oss half', fromEnv({ env: { OSS_ACCESS_KEY_SECRET: M.secret, OSS_SESSION_TOKEN: M.token } }))).toBe('error');
    expect(await exercise('createCredentials bad', async () => createCredentials({ accessKeyId: '', accessKeySecret: M.secret, securityToken: M.token, providerName: 'x' }))).toBe('error');
    expect(await exercise('createCredentials bad date', async () => createCredentials({ accessKeyId: ID, accessKeySecret: M.secret, securityToken: M.token, expiration: new Date(Number.NaN), providerName: 'x' }))).toBe('error');
    // parseExpiration quotes (40 characters of) the value it could not read: an Expiration is not a secret.
    expect(await exercise('parseExpiration', async () => parseExpiration('2024-02-30T00:00:00Z', 'x'))).toBe('error');
    log.debug('done');
  });

  it('INI and CLI configuration files', async () => {
    const logger = recordingLogger('ini');
    const good = `[default]\ntype = access_key\naccess_key_id = ${ID}\naccess_key_secret = ${M.secret}\n`;
    const files: Record<string, string> = {
      good,
      malformed: `[default]\ntype = access_key\naccess_key_id = ${ID}\n${M.secret}\n`,
      sts: `[default]\ntype = sts\naccess_key_id = ${ID}\naccess_key_secret = ${M.secret}\n`,
      badType: `[default]\ntype = rsa_key_pair\naccess_key_id = ${ID}\naccess_key_secret = ${M.secret}\nprivate_key = ${M.token}\n`,
      role: `[default]\ntype = ram_role_arn\naccess_key_id = ${ID}\naccess_key_secret = ${M.secret}\nrole_arn = ${emu.seed.roleArn}\nsts_endpoint = ${emu.url}\n`,
    };
    for (const [name, text] of Object.entries(files)) {
      await exercise(`fromIni ${name}`, fromIni({ filepath: '/audit/credentials', env: {}, logger, readFile: async () => text }));
    }
    const cli = (profile: object) => JSON.stringify({ current: 'default', profiles: [{ name: 'default', ...profile }] });
    const configs: Record<string, string> = {
      ak: cli({ mode: 'AK', access_key_id: ID, access_key_secret: M.secret }),
      expiredSts: cli({ mode: 'StsToken', access_key_id: ID, access_key_secret: M.secret, sts_token: M.token, sts_expiration: 1_000_000 }),
      halfAk: cli({ mode: 'AK', access_key_secret: M.secret }),
      role: cli({ mode: 'RamRoleArn', access_key_id: ID, access_key_secret: M.secret, ram_role_arn: emu.seed.roleArn, sts_endpoint: emu.url }),
      notJson: `{"profiles":[{"name":"default","mode":"AK","access_key_secret":"${M.secret}"`,
      refused: cli({ mode: 'RsaKeyPair', private_key: M.token, key_pair_name: 'x' }),
    };
    for (const [name, text] of Object.entries(configs)) {
      await exercise(`fromCliProfile ${name}`, fromCliProfile({ filepath: '/audit/config.json', env: {}, logger, readFile: async () => text }));
    }
  });

  it('STS: AssumeRole, AssumeRoleWithOIDC and the client, with good and bad secrets', async () => {
    const logger = recordingLogger('sts');
    const seed = fromStatic({ accessKeyId: emu.seed.accessKeyId, accessKeySecret: emu.seed.accessKeySecret });
    expect(await exercise('ram-role ok', fromRamRoleArn({ source: seed, roleArn: emu.seed.roleArn, endpoint: emu.url, env: {}, logger }))).toBe('ok');
    const wrong = fromStatic({ accessKeyId: emu.seed.accessKeyId, accessKeySecret: M.secret });
    expect(await exercise('ram-role wrong secret', fromRamRoleArn({ source: wrong, roleArn: emu.seed.roleArn, endpoint: emu.url, env: {}, logger }))).toBe('error');
    const withToken = fromStatic({ accessKeyId: emu.seed.accessKeyId, accessKeySecret: M.secret, securityToken: M.token });
    expect(await exercise('ram-role wrong token', fromRamRoleArn({ source: withToken, roleArn: emu.seed.roleArn, endpoint: emu.url, env: {}, logger, retries: 0 }))).toBe('error');
    // An STS session key with a wrong secret: STS's message quotes its string to sign, which holds the token.
    const session = await createStsClient({ endpoint: emu.url }).assumeRole({ credentials: { accessKeyId: emu.seed.accessKeyId, accessKeySecret: emu.seed.accessKeySecret }, roleArn: emu.seed.roleArn, roleSessionName: 'audit' });
    markers.add(session.credentials.accessKeySecret).add(session.credentials.securityToken!);
    const forged = { accessKeyId: session.credentials.accessKeyId, accessKeySecret: M.secret, securityToken: session.credentials.securityToken! };
    expect(await exercise('sts client wrong secret', () => createStsClient({ endpoint: emu.url, logger }).getCallerIdentity({ credentials: forged }))).toBe('error');
    expect(await exercise('sts client bad endpoint', () => createStsClient({ endpoint: 'http://127.0.0.1:1', logger, retries: 0 }).getCallerIdentity({ credentials: forged }))).toBe('error');

    const good = emu.mintOidcToken();
    markers.add(good);
    const oidc = (token: string) => fromOidcRoleArn({ roleArn: emu.seed.oidcRoleArn, oidcProviderArn: emu.seed.oidcProviderArn, oidcToken: token, endpoint: emu.url, env: {}, logger });
    expect(await exercise('oidc ok', oidc(good))).toBe('ok');
    expect(await exercise('oidc bad token', oidc(M.oidc))).toBe('error');
    expect(await exercise('oidc token file', fromOidcRoleArn({ roleArn: emu.seed.oidcRoleArn, oidcProviderArn: emu.seed.oidcProviderArn, oidcTokenFile: '/nonexistent/oidc-token', endpoint: emu.url, env: {}, logger }))).toBe('error');
  });

  it('ECS metadata and credentials URI, with every body fault and static stability', async () => {
    const logger = recordingLogger('ecs-uri');
    let offset = 0;
    const now = () => Date.now() + offset;
    const ecs = fromEcsMetadata({ endpoint: emu.url, env: {}, logger, now, timeoutMs: 500 });
    expect(await exercise('ecs ok', ecs)).toBe('ok');
    const uriOf = (path: string) => `${emu.url}${path}?token=${M.uriQuery}`;
    const uri = fromCredentialsUri({ uri: uriOf(emu.seed.credentialsPath), env: {}, logger, timeoutMs: 500 });
    expect(await exercise('uri ok', uri)).toBe('ok');
    for (const fault of [{ body: 'malformed' }, { body: 'truncated' }, { body: 'oversized' }, { status: 500 }, { status: 403 }, { expiredCredentials: true }, { throttle: true }, { hang: true }] as const) {
      const label = JSON.stringify(fault);
      emu.faults.add({ service: 'ecs', ...fault });
      emu.faults.add({ service: 'uri', ...fault });
      await exercise(`ecs cold ${label}`, fromEcsMetadata({ endpoint: emu.url, env: {}, logger, timeoutMs: 300, staticStability: false }));
      await exercise(`uri ${label}`, fromCredentialsUri({ uri: uriOf(emu.seed.credentialsPath), env: {}, logger, timeoutMs: 300 }));
      emu.faults.clear();
    }
    // Static stability: the service fails after expiry and the old credentials are served with a warning.
    emu.faults.add({ service: 'ecs', action: 'GetRoleCredentials', status: 500 });
    offset = 7 * 3600_000;
    await exercise('ecs static stability', ecs);
    emu.faults.clear();
    // Transport errors of a URI whose query holds a secret: refused connection, bad scheme, user info.
    await exercise('uri refused', fromCredentialsUri({ uri: `http://127.0.0.1:1/creds?token=${M.uriQuery}`, env: {}, logger }));
    await exercise('uri userinfo', fromCredentialsUri({ uri: `http://user:${M.uriQuery}@127.0.0.1:1/creds`, env: {}, logger }));
    await exercise('uri remote http', fromCredentialsUri({ uri: `http://creds.invalid/creds?token=${M.uriQuery}`, env: {}, logger }));
    // A credential server that answers an error document containing the secrets it holds.
    const leaky = (body: object, status = 200) => async (): Promise<Response> => new Response(JSON.stringify(body), { status });
    for (const [name, body, status] of [
      ['code', { Code: 'Failed', Message: `bad ${M.secret}`, AccessKeySecret: M.secret, SecurityToken: M.token }, 200],
      ['no id', { Code: 'Success', AccessKeySecret: M.secret, SecurityToken: M.token, Expiration: '2099-01-01T00:00:00Z' }, 200],
      ['bad date', { Code: 'Success', AccessKeyId: ID, AccessKeySecret: M.secret, SecurityToken: M.token, Expiration: 'tomorrow' }, 200],
      ['status', { Message: M.secret }, 500],
    ] as const) {
      await exercise(`uri leaky ${name}`, fromCredentialsUri({ uri: 'http://127.0.0.1:1/c', env: {}, logger, fetch: leaky(body, status) as typeof fetch }));
      await exercise(
        `ecs leaky ${name}`,
        fromEcsMetadata({ endpoint: 'http://127.0.0.1:1', roleName: 'r', env: {}, logger, staticStability: false, fetch: (async (_u: unknown, init?: RequestInit) => (init?.method === 'PUT' ? new Response('imds-token-value') : leaky(body, status)())) as typeof fetch }),
      );
    }
  });

  it('bearer tokens, Function Compute context, OSS signing', async () => {
    const bearer = await fromBearerToken({ token: M.bearer })();
    render('bearer token', bearer);
    corpus.push(['bearer template', `${bearer}`], ['bearer spread', JSON.stringify({ ...bearer })], ['bearer entries', JSON.stringify(Object.entries(bearer))]);
    expect(bearerAuth(bearer).headers['x-acs-bearer-token']).toBe(M.bearer); // the one place it must be
    await exercise('bearer expired', fromBearerToken({ token: M.bearer, expiration: new Date(Date.now() - 1000) }));
    await exercise('bearer bad', async () => createBearerToken({ token: M.bearer, expiration: new Date(Number.NaN) } as never));
    await exercise('bearer fn', fromBearerToken({ token: async () => ({ token: M.bearer, expiration: new Date(Date.now() - 1) }) }) as never);

    await exercise('fc context', fromFcContext({ credentials: { accessKeyId: ID, accessKeySecret: M.secret, securityToken: M.token } }));
    await exercise('fc context half', fromFcContext({ credentials: { accessKeySecret: M.secret, securityToken: M.token } } as never));
    await exercise('fc headers half', fromFcContext({ headers: { 'x-fc-access-key-secret': M.secret, 'x-fc-security-token': M.token } }));

    const credentials = { accessKeyId: ID, accessKeySecret: M.secret, securityToken: M.token, providerName: 'audit' };
    const expired = createCredentials({ ...credentials, expiration: new Date('2020-01-01T00:00:00Z') });
    for (const [name, request, options] of [
      ['bad method', { method: 'BREW', bucket: 'audit-bucket', key: 'k' }, { credentials, region: 'cn-hangzhou' }],
      ['crlf header', { method: 'GET', bucket: 'audit-bucket', key: 'k', headers: { 'x-oss-meta-a': `v\r\n${M.token}` } }, { credentials, region: 'cn-hangzhou' }],
      ['no region', { method: 'GET', bucket: 'audit-bucket', key: 'k' }, { credentials }],
      ['expired', { method: 'GET', bucket: 'audit-bucket', key: 'k' }, { credentials: expired, region: 'cn-hangzhou' }],
      ['provider throws', { method: 'GET', bucket: 'audit-bucket', key: 'k' }, { credentials: async () => Promise.reject(new TypeError('boom')), region: 'cn-hangzhou' }],
      ['no secret', { method: 'GET', bucket: 'audit-bucket', key: 'k' }, { credentials: { accessKeyId: ID, accessKeySecret: '', securityToken: M.token }, region: 'cn-hangzhou' }],
    ] as const) {
      await exercise(`oss sign ${name}`, () => signOssRequest(request as never, options as never));
      await exercise(`oss presign ${name}`, () => presignOssRequest(request as never, { ...options, expiresIn: 0 } as never));
    }
  });

  it('KMS ClientKey: good key, unknown key, bad key material and password', async () => {
    const logger = recordingLogger('kms');
    const base = { endpoint: emu.url, regionId: 'cn-hangzhou', secretName: KMS_TEST_KEY.secretName, propertiesFile: false as const, env: {}, logger, retries: 0, timeoutMs: 1000 };
    expect(await exercise('kms ok', fromKmsClientKey({ ...base, keyId: KMS_TEST_KEY.keyId, privateKey: KMS_TEST_KEY.privateKeyPem }))).toBe('ok');
    expect(await exercise('kms unknown key', fromKmsClientKey({ ...base, keyId: 'KAAP.unknown', privateKey: KMS_TEST_KEY.privateKeyPem }))).toBe('error');
    expect(await exercise('kms bad pem', fromKmsClientKey({ ...base, keyId: KMS_TEST_KEY.keyId, privateKey: `-----BEGIN PRIVATE KEY-----\n${M.secret}\n-----END PRIVATE KEY-----` }))).toBe('error');
    const clientKey = { KeyId: KMS_TEST_KEY.keyId, PrivateKeyData: Buffer.from(`not a pkcs12 ${M.token}`).toString('base64') };
    expect(await exercise('kms bad pkcs12 + password', fromKmsClientKey({ ...base, clientKey, password: M.secret }))).toBe('error');
    expect(await exercise('kms password env', fromKmsClientKey({ ...base, clientKey: JSON.stringify(clientKey), passwordEnvVar: 'KMS_PW', env: { KMS_PW: M.secret } }))).toBe('error');
    emu.faults.add({ service: 'kms', body: 'malformed' });
    await exercise('kms malformed', fromKmsClientKey({ ...base, keyId: KMS_TEST_KEY.keyId, privateKey: KMS_TEST_KEY.privateKeyPem }));
    emu.faults.clear();
  });

  it('chains: the default chain and a hand-built one, with broken links', async () => {
    const logger = recordingLogger('chain');
    const env = { ALIBABA_CLOUD_ACCESS_KEY_SECRET: M.secret, ALIBABA_CLOUD_SECURITY_TOKEN: M.token, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' };
    await exercise('defaultChain half env', defaultChain({ env, logger }));
    await exercise('defaultChain uri', defaultChain({ env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ALIBABA_CLOUD_CREDENTIALS_URI: `http://127.0.0.1:1/c?token=${M.uriQuery}`, ALIBABA_CLOUD_CONFIG_FILE: '/nonexistent/config.json', ALIBABA_CLOUD_CREDENTIALS_FILE: '/nonexistent/credentials' }, logger }));
    const broken = chain(fromEnv({ env: {} }), async () => Promise.reject(new Error('plain failure')), fromStatic({ accessKeyId: ID, accessKeySecret: M.secret }));
    await exercise('chain broken link', broken);
    const report = await (broken as unknown as { explain?: () => Promise<unknown> }).explain?.();
    render('chain explain', report);
  });

  it('the CLI: stdout and stderr of every command that is not asked to print credentials', async () => {
    const run = async (argv: string[], env: Record<string, string>, isTTY = false) => {
      let out = '';
      let err = '';
      const code = await runCli(argv, { stdout: { write: (t: string) => (out += t), isTTY }, stderr: { write: (t: string) => (err += t) }, env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ALIBABA_CLOUD_CONFIG_FILE: '/nonexistent/c.json', ALIBABA_CLOUD_CREDENTIALS_FILE: '/nonexistent/c', ...env } });
      corpus.push([`cli ${argv.join(' ')} stdout`, out], [`cli ${argv.join(' ')} stderr`, err]);
      return code;
    };
    const keys = { ALIBABA_CLOUD_ACCESS_KEY_ID: ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: M.secret, ALIBABA_CLOUD_SECURITY_TOKEN: M.token };
    const debug = { ALICRED_DEBUG: '1' };
    expect(await run(['credentials'], keys, true)).not.toBe(0); // refuses a terminal
    await run(['credentials', '--source', 'env'], { ALIBABA_CLOUD_ACCESS_KEY_SECRET: M.secret, ...debug });
    await run(['whoami', '--source', 'env', '--sts-endpoint', emu.url], { ...keys, ...debug });
    await run(['whoami', '--json', '--source', 'env', '--sts-endpoint', emu.url], keys);
    await run(['doctor', '--offline'], { ...keys, ...debug });
    await run(['doctor', '--json', '--sts-endpoint', emu.url], keys);
    await run(['credentials', '--source', 'uri'], { ALIBABA_CLOUD_CREDENTIALS_URI: `http://127.0.0.1:1/c?token=${M.uriQuery}`, ...debug });
    await run(['credentials', '--source', 'oidc', '--sts-endpoint', emu.url], { ALIBABA_CLOUD_ROLE_ARN: emu.seed.oidcRoleArn!, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: emu.seed.oidcProviderArn!, ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/nonexistent/oidc-token', ...debug });
    await run(['--help'], {});
  });

  it('nothing gathered contains a marker (and the scan does find one when there is)', () => {
    const scan = (entries: Array<[string, string]>): string[] => {
      const hits: string[] = [];
      for (const [where, text] of entries) for (const marker of markers) if (text.includes(marker)) hits.push(`${where}: ${marker.slice(0, 8)}…`);
      return hits;
    };
    // Self-test: a marker three causes deep is found.
    const probe: Array<[string, string]> = [];
    const saved = corpus.length;
    render('probe', new Error('outer', { cause: new Error('middle', { cause: new Error(`inner ${M.secret}`) }) }));
    probe.push(...corpus.splice(saved));
    expect(scan(probe).length).toBeGreaterThan(0);

    expect(corpus.length).toBeGreaterThan(500);
    expect(markers.size).toBeGreaterThan(10);
    expect(scan(corpus)).toEqual([]);
  });
});
