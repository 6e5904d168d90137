// The root README's quick starts are short versions of the tested examples; this keeps them honest: every
// name a snippet imports from an @alicred package is exported by that package (from source, through the
// workspace aliases), and every snippet parses as TypeScript.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('root README quick starts', () => {
  it('has one per runtime', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(5);
  });

  it.each(snippets.map((code, i) => [i + 1, code] as const))('snippet %i parses and imports only what exists', async (_, code) => {
    await transform(code, { loader: 'ts', format: 'esm' });
    for (const m of code.matchAll(/import\s+(type\s+)?\{([^}]+)\}\s+from\s+'(@alicred\/[a-z-]+)'/g)) {
      if (m[1]) continue;
      const names = m[2]!.split(',').map((n) => n.trim()).filter((n) => n && !n.startsWith('type '));
      const mod = (await import(m[3]!)) as Record<string, unknown>;
      for (const name of names) expect(mod[name], `${m[3]} exports ${name}`).toBeDefined();
    }
  });
});
