import { readdirSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Tests import workspace packages from source, so `pnpm test` needs no build of dependencies. */
function workspaceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const dir of ['packages', 'apps']) {
    const base = path.join(root, dir);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      const pkgFile = path.join(base, name, 'package.json');
      const src = path.join(base, name, 'src', 'index.ts');
      if (!existsSync(pkgFile) || !existsSync(src)) continue;
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { name: string };
      aliases[pkg.name] = src;
    }
  }
  return aliases;
}

export function vitestPreset() {
  return defineConfig({
    resolve: { alias: workspaceAliases() },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 20_000,
      hookTimeout: 20_000,
      pool: 'threads',
      poolOptions: { threads: { maxThreads: 2, minThreads: 1 } },
    },
  });
}
