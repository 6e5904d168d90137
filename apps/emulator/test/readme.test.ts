import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { example } from '../examples/basic';

describe('README', () => {
  it('quotes examples/basic.ts verbatim', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL('../examples/basic.ts', import.meta.url), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${source}\`\`\``);
  });

  it('the example runs', async () => {
    expect(await example()).toEqual(['Success', '2024-01-01T01:00:00Z', 'uri calls: 1']);
  });
});
