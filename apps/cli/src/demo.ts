import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromBearerToken } from '@alicred/bearer';
import { defaultChain } from '@alicred/chain';
import { fromStatic, redact, type CredentialProvider, type Credentials } from '@alicred/core';
import { fromEcsMetadata } from '@alicred/ecs-imds';
import { generateClientKey, startEmulator, type Emulator } from '@alicred/emulator';
import { fromEnv } from '@alicred/env';
import { fromFcContext } from '@alicred/fc-context';
import { fromCliProfile, fromIni } from '@alicred/ini';
import { fromKmsClientKey } from '@alicred/kms-client-key';
import { fromOidcRoleArn } from '@alicred/oidc';
import { buildOssUrl, presignOssRequest, signOssRequest } from '@alicred/oss-signer';
import { fromRamRoleArn } from '@alicred/ram-role';
import { fromCredentialsUri } from '@alicred/uri';
import { isoSeconds } from './format-credentials';
import type { CliStream } from './io';
import { profileProviders } from './sources';
import { styleFor, table } from './terminal';

/** One row of the demo table. */
export interface DemoRow {
  source: string;
  status: 'ok' | 'skipped' | 'failed';
  /** Redacted AccessKey id (or a redacted bearer token). */
  accessKeyId?: string;
  expiration?: string;
  durationMs: number;
  /** Requests the emulator received while this source resolved. */
  upstreamCalls: number;
  note?: string;
}

/** One step of the OSS round trip. */
export interface DemoOssStep {
  step: string;
  status: number;
  ok: boolean;
}

/** What {@link runDemo} did, also printed as tables. */
export interface DemoResult {
  emulatorUrl: string;
  rows: DemoRow[];
  oss: DemoOssStep[];
  ok: boolean;
}

/** Options of {@link runDemo}. */
export interface DemoOptions {
  stdout: CliStream;
  env?: Record<string, string | undefined>;
  /** Leave out the KMS ClientKey row's openssl call (tests of machines without openssl). */
  openssl?: string;
}

interface Source {
  name: string;
  /** Builds the provider (after the emulator and files exist); may return a reason to skip. */
  make(): Promise<CredentialProvider | { skip: string }> | CredentialProvider | { skip: string };
}

function tokenRow(token: { token: string; expiration?: Date | undefined }): Pick<DemoRow, 'accessKeyId' | 'expiration'> {
  return { accessKeyId: `bearer ${redact(token.token)}`, ...(token.expiration ? { expiration: isoSeconds(token.expiration) } : {}) };
}

/**
 * The README's demo: starts the emulator on 127.0.0.1, resolves credentials through every alicred source
 * (each pointed at the emulator or at files in a temporary directory, never the real home or network),
 * prints a table, then signs an OSS PUT and GET and a presigned GET against the emulator's OSS. Everything it
 * creates is removed before it returns.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const out = options.stdout;
  const style = styleFor(out, options.env ?? {});
  const work = mkdtempSync(path.join(tmpdir(), 'alicred-demo-'));
  let emu: Emulator | undefined;
  try {
    const kms = await prepareClientKey(work, options.openssl);
    emu = await startEmulator(kms.config ? { config: kms.config } : {});
    const e = emu;
    const seed = e.seed;
    out.write(`${style.bold('alicred demo')} — emulator at ${e.url} (loopback only), files in ${work}\n\n`);

    // Every provider reads this environment, not the process's: the user's own credentials and files stay out.
    const home = path.join(work, 'home');
    mkdirSync(path.join(home, '.alibabacloud'), { recursive: true });
    mkdirSync(path.join(home, '.aliyun'), { recursive: true });
    const env = { HOME: home, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' };
    const iniFile = path.join(home, '.alibabacloud', 'credentials');
    writeFileSync(iniFile, `[default]\ntype = access_key\naccess_key_id = ${seed.accessKeyId}\naccess_key_secret = ${seed.accessKeySecret}\n`, { mode: 0o600 });
    const cliFile = path.join(home, '.aliyun', 'config.json');
    writeFileSync(
      cliFile,
      JSON.stringify({
        current: 'demo',
        profiles: [
          {
            name: 'demo',
            mode: 'RamRoleArn',
            access_key_id: seed.accessKeyId,
            access_key_secret: seed.accessKeySecret,
            ram_role_arn: seed.roleArn,
            ram_session_name: 'alicred-demo-cli',
            sts_endpoint: e.url,
            region_id: seed.region,
          },
        ],
      }),
      { mode: 0o600 },
    );
    const tokenFile = path.join(work, 'oidc-token');
    writeFileSync(tokenFile, e.mintOidcToken(), { mode: 0o600 });
    const accessKey = { accessKeyId: seed.accessKeyId, accessKeySecret: seed.accessKeySecret };
    const providers = profileProviders({ env, stsEndpoint: e.url });
    let roleChain: CredentialProvider | undefined;

    const sources: Source[] = [
      { name: 'env', make: () => fromEnv({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: seed.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: seed.accessKeySecret } }) },
      { name: 'ini profile', make: () => fromIni({ env, filepath: iniFile, providers }) },
      { name: 'cli profile (RamRoleArn)', make: () => fromCliProfile({ env, filepath: cliFile, providers, writeBack: false }) },
      {
        name: 'ram role chain (AK → role → role)',
        make: () => {
          const first = fromRamRoleArn({ source: fromStatic(accessKey), roleArn: seed.roleArn, endpoint: e.url, env: {}, roleSessionName: 'demo-hop-1' });
          roleChain = fromRamRoleArn({ source: first, roleArn: seed.roleArn, endpoint: e.url, env: {}, roleSessionName: 'demo-hop-2', durationSeconds: 900 });
          return roleChain;
        },
      },
      {
        name: 'oidc (RRSA token file)',
        make: () =>
          seed.oidcRoleArn && seed.oidcProviderArn
            ? fromOidcRoleArn({ roleArn: seed.oidcRoleArn, oidcProviderArn: seed.oidcProviderArn, oidcTokenFile: tokenFile, endpoint: e.url, env: {} })
            : { skip: 'the emulator has no OIDC role' },
      },
      { name: 'ecs metadata (IMDSv2)', make: () => fromEcsMetadata({ endpoint: e.url, env: {} }) },
      { name: 'credentials uri', make: () => fromCredentialsUri({ uri: `${e.url}${seed.credentialsPath}`, env: {} }) },
      { name: 'kms client key', make: () => kms.provider(e) },
      {
        // The same temporary home through the default chain: env and OIDC are unset, so the CLI profile wins.
        name: 'default chain (→ cli-profile)',
        make: () => defaultChain({ env, stsEndpoint: e.url }),
      },
      {
        name: 'fc context',
        make: () => fromFcContext({ credentials: { accessKeyId: seed.accessKeyId, accessKeySecret: seed.accessKeySecret, securityToken: 'demo-fc-token' } }, { env: {} }),
      },
    ];

    const rows: DemoRow[] = [];
    for (const source of sources) rows.push(await resolveRow(e, source));
    // Bearer tokens are not AccessKeys (a different type on purpose), so this row is resolved on its own.
    rows.push(
      await measure(e, 'bearer token', async () => {
        const token = await fromBearerToken({ token: async () => ({ token: 'demo-bearer-token-0001', expiration: new Date(Date.now() + 3_600_000) }) })();
        return tokenRow(token);
      }),
    );

    const now = Date.now();
    const header = ['SOURCE', 'ACCESSKEY', 'EXPIRES', 'TIME', 'UPSTREAM CALLS', ''].map((h) => style.bold(h));
    const body = rows.map((r) => [
      r.source,
      r.status === 'ok' ? (r.accessKeyId ?? '') : r.status === 'skipped' ? style.yellow('skipped') : style.red('failed'),
      r.status !== 'ok' ? '' : r.expiration ? `${r.expiration} (${Math.round((Date.parse(r.expiration) - now) / 60_000)} min)` : 'never',
      `${r.durationMs.toFixed(1)} ms`,
      String(r.upstreamCalls),
      r.note ?? '',
    ]);
    out.write(`${table([header, ...body])}\n\n`);

    const oss = await ossRoundTrip(e, roleChain ?? fromStatic(accessKey));
    out.write(`${style.bold('OSS round trip')} (oss://${seed.bucket}/demo/hello.txt, credentials from the RAM role chain)\n`);
    for (const step of oss) out.write(`  ${step.ok ? style.green('✔') : style.red('✘')} ${step.step}: HTTP ${step.status}\n`);
    const ok = rows.every((r) => r.status !== 'failed') && oss.every((s) => s.ok);
    out.write(`\n${ok ? style.green('demo passed') : style.red('demo failed')}: ${rows.filter((r) => r.status === 'ok').length} sources resolved, ${e.requests().length} emulator requests, no other network.\n`);
    return { emulatorUrl: e.url, rows, oss, ok };
  } finally {
    await emu?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

async function measure(e: Emulator, name: string, fn: () => Promise<Pick<DemoRow, 'accessKeyId' | 'expiration'> | { skip: string }>): Promise<DemoRow> {
  const calls = e.requests().length;
  const started = performance.now();
  try {
    const result = await fn();
    const durationMs = performance.now() - started;
    if ('skip' in result) return { source: name, status: 'skipped', note: result.skip, durationMs, upstreamCalls: e.requests().length - calls };
    return { source: name, status: 'ok', ...result, durationMs, upstreamCalls: e.requests().length - calls };
  } catch (error) {
    return { source: name, status: 'failed', note: error instanceof Error ? error.message : String(error), durationMs: performance.now() - started, upstreamCalls: e.requests().length - calls };
  }
}

function credentialsRow(credentials: Credentials): Pick<DemoRow, 'accessKeyId' | 'expiration'> {
  return { accessKeyId: redact(credentials.accessKeyId), ...(credentials.expiration ? { expiration: isoSeconds(credentials.expiration) } : {}) };
}

async function resolveRow(e: Emulator, source: Source): Promise<DemoRow> {
  return measure(e, source.name, async () => {
    const made = await source.make();
    if (typeof made !== 'function') return made;
    return credentialsRow(await made());
  });
}

/** PUT with a signed header, GET with a signed header, GET through a presigned URL; the bodies must match. */
async function ossRoundTrip(e: Emulator, credentials: CredentialProvider): Promise<DemoOssStep[]> {
  const bucket = e.seed.bucket ?? 'emulator-bucket';
  const key = 'demo/hello.txt';
  const content = `hello from alicred at ${new Date().toISOString()}`;
  const region = e.seed.region;
  const steps: DemoOssStep[] = [];

  const put = { method: 'PUT', bucket, key, headers: { 'content-type': 'text/plain' } };
  const signedPut = await signOssRequest(put, { credentials, region });
  const putRes = await fetch(buildOssUrl(e.url, put), { method: 'PUT', headers: signedPut.headers, body: content });
  steps.push({ step: 'PUT (V4 Authorization header)', status: putRes.status, ok: putRes.status === 200 });

  const get = { method: 'GET', bucket, key };
  const signedGet = await signOssRequest(get, { credentials, region });
  const getRes = await fetch(buildOssUrl(e.url, get), { headers: signedGet.headers });
  const getBody = await getRes.text();
  steps.push({ step: 'GET (V4 Authorization header), body matches', status: getRes.status, ok: getRes.status === 200 && getBody === content });

  const presigned = await presignOssRequest(get, { credentials, region, endpoint: e.url, expiresIn: 300 });
  const presignedRes = await fetch(presigned.url as string);
  const presignedBody = await presignedRes.text();
  steps.push({ step: 'GET (V4 presigned URL, 300 s), body matches', status: presignedRes.status, ok: presignedRes.status === 200 && presignedBody === content });
  return steps;
}

interface ClientKeySetup {
  config?: { kms: { clientKeys: Array<{ keyId: string; publicKeyPem: string }> } };
  provider(e: Emulator): Promise<CredentialProvider | { skip: string }>;
}

/** A test ClientKey for the KMS row (needs the openssl command); the row is skipped, with the reason, without it. */
async function prepareClientKey(work: string, openssl: string | undefined): Promise<ClientKeySetup> {
  let key;
  try {
    key = generateClientKey({ dir: work, ...(openssl !== undefined ? { openssl } : {}) });
  } catch (error) {
    const reason = `no test ClientKey (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); the openssl command is needed`;
    return { provider: async () => ({ skip: reason }) };
  }
  const files = key.files as { clientKeyFile: string; passwordFile: string };
  return {
    config: { kms: { clientKeys: [{ keyId: key.keyId, publicKeyPem: key.publicKeyPem }] } },
    provider: async (e) =>
      e.seed.kmsSecretName
        ? fromKmsClientKey({
            clientKeyFile: files.clientKeyFile,
            passwordFile: files.passwordFile,
            endpoint: e.url,
            regionId: e.seed.region,
            secretName: e.seed.kmsSecretName,
            propertiesFile: false,
            env: {},
          })
        : { skip: 'the emulator has no KMS secret' },
  };
}
