import { readFileSync } from 'node:fs';
import { startEmulator } from '@alicred/emulator';
import { afterEach, expect, it } from 'vitest';

const saved = { ...process.env };
afterEach(() => {
  process.env = saved;
});

it('the README example is examples/readme.ts verbatim, and it runs against the emulator', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../examples/readme.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
  const emulator = await startEmulator({ config: { ecs: { mode: 'v2-required' } } });
  try {
    process.env = { ...saved, ALICRED_ECS_METADATA_ENDPOINT: emulator.url };
    const { credentials } = await import('../examples/readme');
    expect(credentials.accessKeyId).toMatch(/^STS\./);
    expect(emulator.requests({ service: 'ecs' }).map((r) => r.action)).toEqual(['GetMetadataToken', 'GetRoleName', 'GetRoleCredentials']);
  } finally {
    await emulator.close();
  }
});
