import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('the README example is examples/readme.ts verbatim, and it runs', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../examples/readme.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
  const result = await import('../examples/readme');
  expect(result.oneFetch).toBe(true);
  expect(result.accessKeySecret).toBe('example-secret');
  expect(JSON.parse(result.logged)).toMatchObject({
    providerName: 'my-source',
    accessKeyId: 'STS.ExampleSessionId',
    accessKeySecret: '[redacted]',
    securityToken: '[redacted]',
  });
  expect(result.logged).not.toContain('session-secret');
  expect(result.logged).not.toContain('session-token');
});
