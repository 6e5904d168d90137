import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { put, tempHome } from '../test/helpers';

const saved = { ...process.env };
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  process.env = saved;
  await cleanup?.();
});

it('the README example is examples/readme.ts verbatim, and it runs against files in a temporary home', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../examples/readme.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');

  const temp = await tempHome();
  cleanup = temp.cleanup;
  await put(temp.home, '.alibabacloud/credentials', '[default]\ntype = access_key   # a key pair\naccess_key_id = LTAI5tReadme\naccess_key_secret = readme-secret\n');
  await put(
    temp.home,
    '.aliyun/config.json',
    JSON.stringify({ current: 'work', profiles: [{ name: 'work', mode: 'AK', access_key_id: 'LTAI5tCli', access_key_secret: 'cli-secret' }] }),
  );
  process.env = { HOME: temp.home, PATH: saved.PATH };
  const { credentials, cliCredentials } = await import('../examples/readme');
  expect(credentials.accessKeyId).toBe('LTAI5tReadme');
  expect(cliCredentials.accessKeyId).toBe('LTAI5tCli');
});
