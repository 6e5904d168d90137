import { mkdirSync, readdirSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
/** Where the child-process tests find the bundled `alicred` bin. */
export const BUNDLED_CLI = path.resolve(here, '../node_modules/.cache/alicred-cli-test/cli.mjs');

/** Workspace packages from source, as vitest resolves them, so the bundle needs no build of any package. */
function workspaceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const dir of ['packages', 'apps']) {
    for (const name of readdirSync(path.join(root, dir))) {
      const pkgFile = path.join(root, dir, name, 'package.json');
      const src = path.join(root, dir, name, 'src', 'index.ts');
      if (existsSync(pkgFile) && existsSync(src)) aliases[(JSON.parse(readFileSync(pkgFile, 'utf8')) as { name: string }).name] = src;
    }
  }
  return aliases;
}

/** Bundles src/bin/cli.ts (and every workspace package it uses, from source) into one ESM file. */
export default async function setup(): Promise<void> {
  mkdirSync(path.dirname(BUNDLED_CLI), { recursive: true });
  await build({
    entryPoints: [path.resolve(here, '../src/bin/cli.ts')],
    outfile: BUNDLED_CLI,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    alias: workspaceAliases(),
    // Bundled CommonJS dependencies (undici) call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __alicredRequire } from 'node:module'; const require = __alicredRequire(import.meta.url);" },
    logLevel: 'error',
  });
}
