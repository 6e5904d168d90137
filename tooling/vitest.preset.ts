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

/**
 * Opt-in machine-readable results for `pnpm test:all`: with ALICRED_VITEST_REPORT_DIR set, vitest also writes
 * `<dir>/<package-name>.json` (its json reporter) next to the usual console output.
 */
function reportOptions(): { reporters?: string[]; outputFile?: { json: string } } {
  const dir = process.env.ALICRED_VITEST_REPORT_DIR;
  if (!dir) return {};
  const pkgFile = path.join(process.cwd(), 'package.json');
  const name = existsSync(pkgFile)
    ? (JSON.parse(readFileSync(pkgFile, 'utf8')) as { name?: string }).name ?? path.basename(process.cwd())
    : path.basename(process.cwd());
  const file = `${name.replace(/^@/, '').replace(/[^a-zA-Z0-9._-]/g, '-')}.json`;
  return { reporters: ['default', 'json'], outputFile: { json: path.resolve(dir, file) } };
}

export function vitestPreset() {
  return defineConfig({
    resolve: { alias: workspaceAliases() },
    test: {
      ...reportOptions(),
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 20_000,
      hookTimeout: 20_000,
      pool: 'threads',
      poolOptions: { threads: { maxThreads: 2, minThreads: 1 } },
    },
  });
}
