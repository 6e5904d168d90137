import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../src/exit-codes';

const dir = path.dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(path.join(dir, '..', 'README.md'), 'utf8');

describe('README', () => {
  it('quotes examples/readme.ts verbatim, and the example runs', async () => {
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(readFileSync(path.join(dir, '..', 'examples', 'readme.ts'), 'utf8'));
    const example = await import('../examples/readme');
    expect(example.ok).toBe(true);
    expect(example.document).toMatchObject({ Code: 'Success', AccessKeyId: 'LTAI5tExampleKeyId', ProviderName: 'env' });
  });

  it('documents every exit code', () => {
    const table = readme.slice(readme.indexOf('## Exit codes'), readme.indexOf('## Terminal behaviour'));
    const documented = [...table.matchAll(/^\| (\d) \|/gm)].map((m) => Number(m[1]));
    expect(documented).toEqual(Object.values(ExitCode));
  });
});
