import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('the README example is examples/readme.ts verbatim, and it runs', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../examples/readme.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
  const { handler } = await import('../examples/readme');
  const context = { requestId: 'r1', credentials: { accessKeyId: 'STS.NReadme', accessKeySecret: 's', securityToken: 't' } };
  expect(await handler(Buffer.from('{}'), context)).toEqual({ from: 'fc-context', temporary: true });
});
