import { inspect } from 'node:util';
import { isCredentialsError } from '@alicred/core';
import { describe, expect, it } from 'vitest';
import { fromEnv, ENV_VARIABLE_SETS } from './index';

const ID = 'LTAI5tEnvTestKeyId';
const SECRET = 'env-test-secret-value-0123456789';
const TOKEN = 'CAIS-env-test-security-token';

async function failure(p: Promise<unknown>) {
  const error = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(isCredentialsError(error)).toBe(true);
  return error as Error & { code: string; tryNextLink: boolean; provider: string };
}

describe('fromEnv', () => {
  it('reads the ALIBABA_CLOUD_* AccessKey without a token', async () => {
    const creds = await fromEnv({
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET },
    })();
    expect(creds.accessKeyId).toBe(ID);
    expect(creds.accessKeySecret).toBe(SECRET);
    expect(creds.securityToken).toBeUndefined();
    expect(creds.expiration).toBeUndefined();
    expect(creds.providerName).toBe('env');
  });

  it('reads ALIBABA_CLOUD_SECURITY_TOKEN for STS credentials', async () => {
    const creds = await fromEnv({
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET, ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN },
    })();
    expect(creds.securityToken).toBe(TOKEN);
  });

  it('reads the OSS_* variables the OSS SDK docs use', async () => {
    const creds = await fromEnv({
      env: { OSS_ACCESS_KEY_ID: ID, OSS_ACCESS_KEY_SECRET: SECRET, OSS_SESSION_TOKEN: TOKEN },
    })();
    expect(creds).toMatchObject({ accessKeyId: ID, accessKeySecret: SECRET, securityToken: TOKEN });
  });

  it('prefers the ALIBABA_CLOUD_* set as a whole when both sets are present', async () => {
    const creds = await fromEnv({
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: ID,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
        OSS_ACCESS_KEY_ID: 'LTAIossOther',
        OSS_ACCESS_KEY_SECRET: 'oss-other-secret',
        OSS_SESSION_TOKEN: 'oss-other-token',
      },
    })();
    expect(creds.accessKeyId).toBe(ID);
    // The OSS token belongs to the other AccessKey: it must not be paired with this one.
    expect(creds.securityToken).toBeUndefined();
  });

  it('trims values and treats empty ones as unset', async () => {
    const creds = await fromEnv({
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: '',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: '   ',
        OSS_ACCESS_KEY_ID: ` ${ID}\n`,
        OSS_ACCESS_KEY_SECRET: SECRET,
      },
    })();
    expect(creds.accessKeyId).toBe(ID);
  });

  it('reads at call time, not when the provider is made', async () => {
    const env: Record<string, string | undefined> = {};
    const provider = fromEnv({ env });
    expect((await failure(provider())).code).toBe('NotConfigured');
    env.ALIBABA_CLOUD_ACCESS_KEY_ID = ID;
    env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = SECRET;
    expect((await provider()).accessKeyId).toBe(ID);
    env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'LTAIrotated';
    expect((await provider()).accessKeyId).toBe('LTAIrotated');
  });

  it('defaults to process.env', async () => {
    const saved = { ...process.env };
    try {
      for (const set of ENV_VARIABLE_SETS) {
        delete process.env[set.accessKeyId];
        delete process.env[set.accessKeySecret];
        delete process.env[set.securityToken];
      }
      process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = ID;
      process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = SECRET;
      expect((await fromEnv()()).accessKeyId).toBe(ID);
    } finally {
      process.env = saved;
    }
  });

  it('nothing set: NotConfigured with tryNextLink so a chain moves on', async () => {
    const error = await failure(fromEnv({ env: { PATH: '/bin' } })());
    expect(error.code).toBe('NotConfigured');
    expect(error.tryNextLink).toBe(true);
    expect(error.provider).toBe('env');
    expect(error.message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
  });

  it.each([
    [{ ALIBABA_CLOUD_ACCESS_KEY_ID: ID }, 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
    [{ ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET }, 'ALIBABA_CLOUD_ACCESS_KEY_ID'],
    [{ OSS_ACCESS_KEY_ID: ID }, 'OSS_ACCESS_KEY_SECRET'],
    [{ OSS_ACCESS_KEY_SECRET: SECRET, OSS_SESSION_TOKEN: TOKEN }, 'OSS_ACCESS_KEY_ID'],
  ])('half set %j: names the missing variable, stops the chain', async (env, missing) => {
    const error = await failure(fromEnv({ env })());
    expect(error.code).toBe('InvalidConfiguration');
    expect(error.tryNextLink).toBe(false);
    expect(error.message).toMatch(new RegExp(`but ${missing} is not`));
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain(TOKEN);
  });

  it('a token without an AccessKey is an error naming both missing variables', async () => {
    const error = await failure(fromEnv({ env: { ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN } })());
    expect(error.code).toBe('InvalidConfiguration');
    expect(error.message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not');
    expect(error.message).not.toContain(TOKEN);
  });

  it('a half-set ALIBABA_CLOUD_* set is not silently replaced by a complete OSS_* set', async () => {
    const error = await failure(
      fromEnv({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: ID, OSS_ACCESS_KEY_ID: ID, OSS_ACCESS_KEY_SECRET: SECRET } })(),
    );
    expect(error.message).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET');
  });

  it('never shows the secret or the token in JSON, String or inspect', async () => {
    const creds = await fromEnv({
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET, ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN },
    })();
    for (const text of [JSON.stringify(creds), String(creds), `${creds}`, inspect(creds)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN);
    }
  });

  it('respects an aborted signal', async () => {
    const provider = fromEnv({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET } });
    await expect(provider({ signal: AbortSignal.abort() })).rejects.toThrow();
  });
});
