import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('the README example is examples/readme.ts verbatim, and it runs', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../examples/readme.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
  const { headers, query, token } = await import('../examples/readme');
  expect(headers).toEqual({ 'x-acs-bearer-token': 'example-ccc-token' });
  expect(query).toEqual({ SignatureType: 'BEARERTOKEN' });
  expect(String(token)).not.toContain('example-ccc-token');
});
