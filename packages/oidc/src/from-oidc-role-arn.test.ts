import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CredentialsError, isCredentialsError } from '@alicred/core';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { createStsClient } from '@alicred/sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fromOidcRoleArn, type FromOidcRoleArnInit } from './from-oidc-role-arn';
import { readTokenFile as readTokenFileWeb } from './token-file-web';

let emu: Emulator;
let dir: string;
let tokenFile: string;
beforeAll(async () => {
  emu = await startEmulator();
  dir = mkdtempSync(path.join(tmpdir(), 'alicred-oidc-'));
  tokenFile = path.join(dir, 'token');
});
afterEach(() => emu.reset());
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

const oidcCalls = () => emu.requests({ service: 'sts', action: 'AssumeRoleWithOIDC' }).length;
const rrsaEnv = () => ({
  ALIBABA_CLOUD_ROLE_ARN: emu.seed.oidcRoleArn!,
  ALIBABA_CLOUD_OIDC_PROVIDER_ARN: emu.seed.oidcProviderArn!,
  ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
});
const oidc = (init: Partial<FromOidcRoleArnInit> = {}) => fromOidcRoleArn({ endpoint: emu.url, sleep: async () => {}, env: rrsaEnv(), ...init });

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    expect(isCredentialsError(error)).toBe(true);
    return error as CredentialsError;
  }
  throw new Error('expected the call to fail');
}

describe('fromOidcRoleArn against the emulator (RRSA variables)', () => {
  it('exchanges the token file for role credentials', async () => {
    writeFileSync(tokenFile, `${emu.mintOidcToken()}\n`);
    const creds = await oidc({ roleSessionName: 'rrsa-pod' })();
    expect(creds.accessKeyId).toMatch(/^STS\./);
    expect(creds.providerName).toBe('oidc');
    const who = await createStsClient({ endpoint: emu.url }).getCallerIdentity({ credentials: creds });
    expect(who.arn).toMatch(/assumed-role\/emulator-oidc-role\/rrsa-pod$/);
  });

  it('re-reads (and trims) the token file on every refresh', async () => {
    writeFileSync(tokenFile, `  ${emu.mintOidcToken()}\r\n`);
    const provider = oidc();
    await provider();
    writeFileSync(tokenFile, emu.mintOidcToken({ issuer: 'https://someone-else.invalid' }));
    const e = await failure(provider({ forceRefresh: true }));
    expect(e.code).toMatch(/OIDCToken/);
    writeFileSync(tokenFile, emu.mintOidcToken());
    expect((await provider({ forceRefresh: true })).accessKeyId).toMatch(/^STS\./);
    expect(oidcCalls()).toBe(3);
  });

  it('1000 concurrent callers cause one AssumeRoleWithOIDC', async () => {
    writeFileSync(tokenFile, emu.mintOidcToken());
    const provider = oidc();
    const all = await Promise.all(Array.from({ length: 1000 }, () => provider()));
    expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1);
    expect(oidcCalls()).toBe(1);
  });

  it('sends the token in the POST body only, never in the URL or an error', async () => {
    const token = emu.mintOidcToken();
    writeFileSync(tokenFile, token);
    const seen: Array<{ url: string; body: string }> = [];
    const recording: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), body: String(init?.body) });
      return fetch(input, init);
    };
    await oidc({ fetch: recording })();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).not.toContain(token.slice(0, 16));
    expect(new URLSearchParams(seen[0]!.body).get('OIDCToken')).toBe(token);

    const expired = emu.mintOidcToken({ expiresIn: -120 });
    writeFileSync(tokenFile, expired);
    const e = await failure(oidc()());
    expect(e.code).toMatch(/OIDCToken/);
    expect(`${e.message}${JSON.stringify(e)}${String(e.stack)}`).not.toContain(expired);
  });

  it('a missing token file names the path, not a token', async () => {
    const e = await failure(oidc({ env: { ...rrsaEnv(), ALIBABA_CLOUD_OIDC_TOKEN_FILE: path.join(dir, 'absent') } })());
    expect(e.code).toBe('InvalidConfiguration');
    expect(e.message).toContain('ENOENT');
    expect(e.tryNextLink).toBe(false);
  });

  it('an empty token file is an error', async () => {
    writeFileSync(tokenFile, '\n');
    const e = await failure(oidc()());
    expect(e.message).toMatch(/empty/);
    expect(oidcCalls()).toBe(0);
  });
});

describe('fromOidcRoleArn with the token as a string or function (edge runtimes)', () => {
  it('takes a string', async () => {
    const creds = await oidc({ env: {}, roleArn: emu.seed.oidcRoleArn, oidcProviderArn: emu.seed.oidcProviderArn, oidcToken: emu.mintOidcToken() })();
    expect(creds.accessKeyId).toMatch(/^STS\./);
  });

  it('calls a function on every refresh', async () => {
    let calls = 0;
    const provider = oidc({
      env: {},
      roleArn: emu.seed.oidcRoleArn,
      oidcProviderArn: emu.seed.oidcProviderArn,
      oidcToken: async () => {
        calls += 1;
        return emu.mintOidcToken({ subject: `system:serviceaccount:default:call-${calls}` });
      },
    });
    await provider();
    await provider();
    await provider({ forceRefresh: true });
    expect(calls).toBe(2);
    expect(oidcCalls()).toBe(2);
  });

  it('a failing token function is a configuration error with the cause attached', async () => {
    const boom = new Error('token service down');
    const e = await failure(
      oidc({ env: {}, roleArn: emu.seed.oidcRoleArn, oidcProviderArn: emu.seed.oidcProviderArn, oidcToken: () => Promise.reject(boom) })(),
    );
    expect(e.code).toBe('InvalidConfiguration');
    expect((e as { cause?: unknown }).cause).toBe(boom);
    expect(oidcCalls()).toBe(0);
  });

  it('the edge build cannot read a token file and says what to do instead', async () => {
    const e = await failure(readTokenFileWeb('/var/run/secrets/token', 'oidc'));
    expect(e.code).toBe('Unsupported');
    expect(e.message).toMatch(/pass the token as a string or function/);
  });
});

describe('fromOidcRoleArn configuration', () => {
  it('not configured → NotConfigured with tryNextLink, and no request', async () => {
    const e = await failure(fromOidcRoleArn({ endpoint: emu.url, env: {} })());
    expect(e.code).toBe('NotConfigured');
    expect(e.tryNextLink).toBe(true);
    expect(emu.requests()).toHaveLength(0);
  });

  it.each([
    ['ALIBABA_CLOUD_ROLE_ARN', ['ALIBABA_CLOUD_ROLE_ARN']],
    ['ALIBABA_CLOUD_OIDC_PROVIDER_ARN', ['ALIBABA_CLOUD_OIDC_PROVIDER_ARN']],
    ['ALIBABA_CLOUD_OIDC_TOKEN_FILE', ['ALIBABA_CLOUD_OIDC_TOKEN_FILE']],
    ['two variables', ['ALIBABA_CLOUD_ROLE_ARN', 'ALIBABA_CLOUD_OIDC_TOKEN_FILE']],
  ])('partly configured (missing %s) → an error naming it, tryNextLink false', async (_name, missing) => {
    const env: Record<string, string> = rrsaEnv();
    for (const name of missing) delete env[name];
    const e = await failure(fromOidcRoleArn({ endpoint: emu.url, env })());
    expect(e.code).toBe('InvalidConfiguration');
    expect(e.tryNextLink).toBe(false);
    for (const name of missing) expect(e.message).toContain(name);
    expect(emu.requests()).toHaveLength(0);
  });

  it('validates the ARNs and the session name', async () => {
    writeFileSync(tokenFile, emu.mintOidcToken());
    expect((await failure(oidc({ roleArn: 'acs:ram::1:user/x' })())).message).toMatch(/not a RAM role ARN/);
    expect((await failure(oidc({ oidcProviderArn: 'acs:ram::1:role/x' })())).message).toMatch(/not an OIDC provider ARN/);
    const e = await failure(oidc({ env: { ...rrsaEnv(), ALIBABA_CLOUD_ROLE_SESSION_NAME: 'a' } })());
    expect(e.message).toMatch(/ALIBABA_CLOUD_ROLE_SESSION_NAME/);
    expect(emu.requests()).toHaveLength(0);
  });

  it('uses ALIBABA_CLOUD_ROLE_SESSION_NAME', async () => {
    writeFileSync(tokenFile, emu.mintOidcToken());
    const creds = await oidc({ env: { ...rrsaEnv(), ALIBABA_CLOUD_ROLE_SESSION_NAME: 'named-by-env' } })();
    const who = await createStsClient({ endpoint: emu.url }).getCallerIdentity({ credentials: creds });
    expect(who.arn).toMatch(/\/named-by-env$/);
  });
});
