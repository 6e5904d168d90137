import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { fromCredentialsUri } from '@alicred/uri';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_CLI } from './global-setup';
import { baseEnv, tempHome } from './helpers';

let emu: Emulator;
let home: ReturnType<typeof tempHome>;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

/** Runs the bundled `alicred` as a child process with exactly `env` (no inherited credentials). */
function alicred(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BUNDLED_CLI, ...args], { env: env as NodeJS.ProcessEnv, timeout: 15_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const akEnv = () =>
  baseEnv(home.home, {
    ALIBABA_CLOUD_ACCESS_KEY_ID: emu.seed.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: emu.seed.accessKeySecret,
    ALIBABA_CLOUD_STS_ENDPOINT: emu.url,
  });

describe('the alicred bin (child process)', () => {
  it('--version and --help exit 0; an unknown command exits 1', async () => {
    expect(await alicred(['--version'], baseEnv(home.home))).toMatchObject({ code: 0, stdout: expect.stringMatching(/^alicred \d/) });
    expect((await alicred(['whoami', '--help'], baseEnv(home.home))).code).toBe(0);
    expect((await alicred(['nope'], baseEnv(home.home))).code).toBe(1);
  });

  it('`eval "$(alicred credentials --format env)"` exports the credentials in a real shell', async () => {
    const script = `eval "$("${process.execPath}" "${BUNDLED_CLI}" credentials --format env)" && printf '%s|%s' "$ALIBABA_CLOUD_ACCESS_KEY_ID" "\${ALIBABA_CLOUD_SECURITY_TOKEN-none}"`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile('sh', ['-c', script], { env: akEnv() as NodeJS.ProcessEnv }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    expect(out).toBe(`${emu.seed.accessKeyId}|none`);
  });

  it('exit code 2 without credentials, 3 when STS refuses them', async () => {
    const none = await alicred(['credentials'], baseEnv(home.home));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no Alibaba Cloud credentials found/);
    const refused = await alicred(['whoami'], { ...akEnv(), ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'not-the-secret' });
    expect(refused.code).toBe(3);
    expect(refused.stderr).not.toContain('not-the-secret');
  });

  it('whoami --json through the default chain', async () => {
    const result = await alicred(['whoami', '--json'], akEnv());
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ arn: emu.seed.userArn, source: 'env' });
  });

  it('serve answers @alicred/uri until SIGTERM, then exits 0', async () => {
    const token = 'bin-test-token-0123456789';
    const child = spawn(process.execPath, [BUNDLED_CLI, 'serve', '--role-arn', emu.seed.roleArn], {
      env: { ...akEnv(), ALICRED_SERVE_TOKEN: token } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [firstChunk] = (await once(child.stdout, 'data')) as [Buffer];
    const { url } = JSON.parse(firstChunk.toString().split('\n')[0] as string) as { url: string };
    try {
      const credentials = await fromCredentialsUri({
        uri: url,
        fetch: (input, init) => fetch(input, { ...init, headers: { authorization: `Bearer ${token}` } }),
      })();
      expect(credentials.accessKeyId).toMatch(/^STS\./);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(stderr).toMatch(/stopped/);
    expect(stderr).not.toContain(token);
  });
});
