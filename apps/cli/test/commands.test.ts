import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultConfig, startEmulator, type Emulator } from '@alicred/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { baseEnv, run, tempHome } from './helpers';

let emu: Emulator;
let home: ReturnType<typeof tempHome>;
const ROOT_KEY = { accessKeyId: 'LTAI5tEmulatorRootKey01', accessKeySecret: 'EmulatorRootKeySecret000000' };

beforeAll(async () => {
  const config = defaultConfig();
  config.accounts[0]!.rootAccessKeys = [ROOT_KEY];
  emu = await startEmulator({ config });
});
afterAll(() => emu.close());
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

function akEnv(extra: Record<string, string | undefined> = {}) {
  return baseEnv(home.home, {
    ALIBABA_CLOUD_ACCESS_KEY_ID: emu.seed.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: emu.seed.accessKeySecret,
    ALIBABA_CLOUD_STS_ENDPOINT: emu.url,
    ...extra,
  });
}

describe('alicred (top level)', () => {
  it('prints help, the version, and rejects unknown commands with exit code 1', async () => {
    expect((await run(['--help'], baseEnv(home.home))).stdout).toMatch(/Usage: alicred <command>/);
    expect((await run(['--version'], baseEnv(home.home))).stdout).toMatch(/^alicred \d+\.\d+\.\d+/);
    const unknown = await run(['frobnicate'], baseEnv(home.home));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    expect((await run([], baseEnv(home.home))).code).toBe(1);
  });

  it.each(['credentials', 'whoami', 'doctor', 'presign', 'serve'])('%s --help exits 0 and lists exit codes', async (command) => {
    const result = await run([command, '--help'], baseEnv(home.home));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: alicred ${command}`);
    expect(result.stdout).toMatch(/Exit codes: 0/);
  });

  it('an unknown option is a usage error naming the command help', async () => {
    const result = await run(['credentials', '--bogus'], baseEnv(home.home));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--bogus/);
    expect(result.stderr).toMatch(/alicred credentials --help/);
  });
});

describe('alicred credentials', () => {
  it('refuses to print to a terminal without --reveal, and prints with it', async () => {
    const refused = await run(['credentials'], akEnv(), { tty: true });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/refusing to print credentials to a terminal/);
    expect(refused.stderr).not.toContain(emu.seed.accessKeySecret);

    const revealed = await run(['credentials', '--reveal'], akEnv(), { tty: true });
    expect(revealed.code).toBe(0);
    expect(revealed.stdout).toContain(`export ALIBABA_CLOUD_ACCESS_KEY_SECRET='${emu.seed.accessKeySecret}'`);
  });

  it('prints json from the environment through the default chain', async () => {
    const result = await run(['credentials', '--format', 'json'], akEnv());
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ AccessKeyId: emu.seed.accessKeyId, ProviderName: 'env' });
  });

  it('exits 2 with a pointer to doctor when no source is configured', async () => {
    const result = await run(['credentials'], baseEnv(home.home));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/alicred doctor/);
  });

  it('--profile reads only the profile files, and a missing profile is exit 2', async () => {
    mkdirSync(path.join(home.home, '.alibabacloud'));
    writeFileSync(
      path.join(home.home, '.alibabacloud', 'credentials'),
      `[work]\ntype = ram_role_arn\naccess_key_id = ${emu.seed.accessKeyId}\naccess_key_secret = ${emu.seed.accessKeySecret}\nrole_arn = ${emu.seed.roleArn}\n`,
      { mode: 0o600 },
    );
    const env = baseEnv(home.home, { ALIBABA_CLOUD_STS_ENDPOINT: emu.url });
    const result = await run(['credentials', '--profile', 'work', '--format', 'json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.AccessKeyId).toMatch(/^STS\./);
    expect(doc.SecurityToken).toBeTruthy();

    const missing = await run(['credentials', '--profile', 'nope'], { ...env, ...akEnv() });
    expect(missing.code).toBe(2);
  });

  it('--source picks one source; an unknown one is a usage error', async () => {
    const result = await run(['credentials', '--source', 'uri', '--format', 'json'], baseEnv(home.home, { ALIBABA_CLOUD_CREDENTIALS_URI: `${emu.url}${emu.seed.credentialsPath}` }));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).ProviderName).toBe('uri');
    expect((await run(['credentials', '--source', 'magic'], akEnv())).code).toBe(1);
  });

  it('a credentials URI that answers 500 is a remote error (exit 3)', async () => {
    emu.faults.add({ service: 'uri', status: 500, times: 1 });
    const result = await run(['credentials', '--source', 'uri'], baseEnv(home.home, { ALIBABA_CLOUD_CREDENTIALS_URI: `${emu.url}${emu.seed.credentialsPath}` }));
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/HTTP 500/);
  });
});

describe('alicred whoami', () => {
  it('shows the account, ARN, type and source', async () => {
    const result = await run(['whoami'], akEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(emu.seed.userArn);
    expect(result.stdout).toMatch(/Source\s+env/);
    expect(result.stdout).not.toContain(emu.seed.accessKeySecret);
  });

  it('--json; --sts-endpoint wins over ALIBABA_CLOUD_STS_ENDPOINT', async () => {
    const result = await run(['whoami', '--json', '--sts-endpoint', emu.url], akEnv({ ALIBABA_CLOUD_STS_ENDPOINT: 'http://127.0.0.1:9' }));
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ accountId: emu.seed.accountId, arn: emu.seed.userArn, source: 'env', expiration: null });
    expect(doc.accessKeyId).not.toBe(emu.seed.accessKeyId);
  });

  it('a wrong secret is a remote error (exit 3) with STS hint and no secret', async () => {
    const result = await run(['whoami'], akEnv({ ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'wrong-secret-value' }));
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/SignatureDoesNotMatch/);
    expect(result.stderr).not.toContain('wrong-secret-value');
  });

  it('warns about root AccessKeys', async () => {
    const result = await run(['whoami'], akEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: ROOT_KEY.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: ROOT_KEY.accessKeySecret }));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/root AccessKeys/);
  });
});

describe('alicred presign', () => {
  it('presigned PUT and GET URLs work against the emulator OSS', async () => {
    const args = ['--region', emu.seed.region, '--endpoint', emu.url];
    const target = `oss://${emu.seed.bucket}/dir/hello world.txt`;
    const put = await run(['presign', target, ...args, '--method', 'PUT', '--content-type', 'text/plain'], akEnv());
    expect(put.code).toBe(0);
    expect(put.stderr).toMatch(/content-type: text\/plain/);
    const putRes = await fetch(put.stdout.trim(), { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'hi there' });
    expect(putRes.status).toBe(200);

    const get = await run(['presign', target, ...args, '--expires', '60'], akEnv());
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/x-oss-expires=60/);
    const getRes = await fetch(get.stdout.trim());
    expect(getRes.status).toBe(200);
    expect(await getRes.text()).toBe('hi there');
  });

  it('bad arguments are usage errors', async () => {
    expect((await run(['presign', 's3://x/y', '--region', 'cn-hangzhou'], akEnv())).code).toBe(1);
    expect((await run(['presign', 'oss://b/k'], akEnv())).code).toBe(1);
    expect((await run(['presign', 'oss://b/k', '--region', 'cn-hangzhou', '--expires', '0'], akEnv())).code).toBe(1);
    expect((await run(['presign', 'oss://b/k', '--region', 'cn-hangzhou', '--method', 'PATCH'], akEnv())).code).toBe(1);
  });
});

describe('alicred doctor', () => {
  it('shows each link, the winner and the warnings', async () => {
    mkdirSync(path.join(home.home, '.alibabacloud'));
    const file = path.join(home.home, '.alibabacloud', 'credentials');
    writeFileSync(file, `[default]\ntype = access_key\naccess_key_id = ${ROOT_KEY.accessKeyId}\naccess_key_secret = ${ROOT_KEY.accessKeySecret}\n`);
    chmodSync(file, 0o644);
    const env = baseEnv(home.home, { ALIBABA_CLOUD_STS_ENDPOINT: emu.url });
    const result = await run(['doctor'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/env\s+– not configured/);
    expect(result.stdout).toMatch(/ini\s+✔ used/);
    expect(result.stdout).toMatch(/readable by every user .* chmod 600/);
    expect(result.stdout).toMatch(/root AccessKey/);
    expect(result.stdout).toMatch(/no region configured/);
    expect(result.stdout).not.toContain(ROOT_KEY.accessKeySecret);

    const json = await run(['doctor', '--json'], { ...env, ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou' });
    const doc = JSON.parse(json.stdout);
    expect(doc.winner).toBe('ini');
    expect(doc.warnings.map((w: { code: string }) => w.code).sort()).toEqual(['RootAccessKey', 'WorldReadableFile']);
    expect(doc.links.find((l: { name: string }) => l.name === 'env').status).toBe('not-configured');
  });

  it('exits 2 when no source is configured, 0 when one is, with --offline making no STS call', async () => {
    expect((await run(['doctor', '--offline'], baseEnv(home.home))).code).toBe(2);
    const before = emu.requests({ service: 'sts' }).length;
    const result = await run(['doctor', '--offline', '--json'], akEnv({ ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou' }));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).warnings).toEqual([]);
    expect(emu.requests({ service: 'sts' }).length).toBe(before);
  });
});
