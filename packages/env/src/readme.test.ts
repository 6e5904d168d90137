import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';

const saved = { ...process.env };
afterEach(() => {
  process.env = saved;
});

it('the README example is examples/readme.ts verbatim, and it runs', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../examples/readme.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
  process.env = { ...saved, ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tReadme', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'readme-secret' };
  const { credentials } = await import('../examples/readme');
  expect(credentials.accessKeyId).toBe('LTAI5tReadme');
});
