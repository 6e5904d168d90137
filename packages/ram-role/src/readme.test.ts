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
      AUDITOR_ROLE_ARN: emu.seed.roleArn,
    };
    const { credentials } = await import('../examples/readme');
    expect(credentials.accessKeyId).toMatch(/^STS\./);
    expect(credentials.providerName).toBe('ram-role');
    // Two roles, three concurrent callers: one AssumeRole per role.
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(2);
  } finally {
    log.mockRestore();
    await emu.close();
  }
});
