// The documentation's promises that can be checked without a network: relative links point at files that
// exist, the root README keeps its two commands, and its package table lists every public package.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

function documents(): string[] {
  const files = ['README.md'];
  for (const dir of ['docs', 'examples']) {
    for (const entry of readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      const full = path.join(entry.parentPath, entry.name);
      if (entry.isFile() && entry.name.endsWith('.md') && !full.includes('node_modules')) files.push(path.relative(root, full));
    }
  }
  return files;
}

/** Link targets of `[text](target)`, outside fenced code blocks. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'));
}

describe('relative links resolve', () => {
  it.each(documents())('%s', (file) => {
    const missing = relativeLinks(read(file)).filter((target) => !existsSync(path.resolve(root, path.dirname(file), target.split('#')[0]!)));
    expect(missing).toEqual([]);
  });
});

describe('root README', () => {
  const readme = read('README.md');

  it('keeps the two commands exactly', () => {
    expect(readme).toContain('npx --yes pnpm@10.34.8 install --frozen-lockfile && npx --yes pnpm@10.34.8 demo');
    expect(readme).toContain('npx --yes pnpm@10.34.8 install --frozen-lockfile && npx --yes pnpm@10.34.8 test:all');
  });

  it('lists every public package in its table, linked to its directory', () => {
    for (const dir of readdirSync(path.join(root, 'packages'))) {
      const pkgFile = path.join(root, 'packages', dir, 'package.json');
      if (!existsSync(pkgFile)) continue;
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { name: string; private?: boolean };
      if (pkg.private) continue;
      expect(readme).toContain(`[\`${pkg.name}\`](packages/${dir})`);
    }
  });
});
