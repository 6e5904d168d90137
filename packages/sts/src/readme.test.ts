import { readFileSync } from 'node:fs';
import { startEmulator } from '@alicred/emulator';
import { afterEach, expect, it, vi } from 'vitest';

const saved = { ...process.env };
afterEach(() => {
  process.env = saved;
});

it('the README example is examples/readme.ts verbatim, and it runs against the emulator', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../examples/readme.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
  const emu = await startEmulator();
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    process.env = {
      ...saved,
      STS_ENDPOINT: emu.url,
      ALIBABA_CLOUD_ACCESS_KEY_ID: emu.seed.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: emu.seed.accessKeySecret,
      ALIBABA_CLOUD_ROLE_ARN: emu.seed.roleArn,
    };
    const { identity, credentials, failure } = await import('../examples/readme');
    expect(identity.arn).toBe(emu.seed.userArn);
    expect(credentials.accessKeyId).toMatch(/^STS\./);
    expect((failure as { code: string }).code).toBe('SignatureDoesNotMatch');
    expect(log.mock.calls.flat().join(' ')).toContain('the AccessKey secret is wrong');
  } finally {
    log.mockRestore();
    await emu.close();
  }
});
