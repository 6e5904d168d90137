import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator } from '@alicred/emulator';
import { afterEach, expect, it, vi } from 'vitest';
import { rrsaProvider } from '../examples/edge';

const saved = { ...process.env };
afterEach(() => {
  process.env = saved;
});

it('the README examples are examples/*.ts verbatim, and they run against the emulator', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  for (const file of ['readme.ts', 'edge.ts']) {
    expect(readme).toContain('```ts\n' + readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8') + '```');
  }
  const emu = await startEmulator();
  const dir = mkdtempSync(path.join(tmpdir(), 'alicred-oidc-readme-'));
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    writeFileSync(path.join(dir, 'token'), emu.mintOidcToken());
    process.env = {
      ...saved,
      STS_ENDPOINT: emu.url,
      ALIBABA_CLOUD_ROLE_ARN: emu.seed.oidcRoleArn!,
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: emu.seed.oidcProviderArn!,
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: path.join(dir, 'token'),
    };
    const { credentials } = await import('../examples/readme');
    expect(credentials.accessKeyId).toMatch(/^STS\./);

    const edge = rrsaProvider(
      { ROLE_ARN: emu.seed.oidcRoleArn!, OIDC_PROVIDER_ARN: emu.seed.oidcProviderArn!, STS_ENDPOINT: emu.url },
      async () => emu.mintOidcToken(),
    );
    expect((await edge()).accessKeyId).toMatch(/^STS\./);
  } finally {
    log.mockRestore();
    rmSync(dir, { recursive: true, force: true });
    await emu.close();
  }
});
