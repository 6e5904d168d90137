#!/usr/bin/env node
// What each public @alicred/* package costs in a Cloudflare Worker bundle: its whole main export, as the
// `workerd` condition resolves it (dist/edge, or a dedicated workerd build), bundled with all its
// dependencies by esbuild, minified, then gzipped. It is an upper bound: a bundle that imports one function
// tree-shakes the rest. Packages must be built first (`pnpm build`).
//
// Usage: node tooling/package-sizes.mjs [--markdown]
//   default: JSON lines { name, minified, gzipped } ; --markdown: a table for the README.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = path.join(root, 'packages');
const requireRoot = createRequire(path.join(root, 'package.json'));
const { build } = await import(pathToFileURL(requireRoot.resolve('esbuild')).href);

/** The file a workerd bundler picks for ".", or undefined. */
function workerdEntry(pkgDir, pkg) {
  let target = pkg.exports?.['.'];
  for (const condition of ['workerd', 'default']) {
    if (target && typeof target === 'object' && condition in target) target = target[condition];
  }
  if (target && typeof target === 'object') target = target.default;
  return typeof target === 'string' ? path.join(pkgDir, target) : undefined;
}

async function measure(pkgDir, pkg) {
  const entry = workerdEntry(pkgDir, pkg);
  if (!entry || !existsSync(entry)) throw new Error(`${pkg.name}: ${entry ?? 'no workerd export'} is missing; run the build first`);
  const result = await build({
    stdin: { contents: `export * from ${JSON.stringify(entry)};`, resolveDir: pkgDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { name: pkg.name, minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

const rows = [];
for (const dir of readdirSync(packagesDir).sort()) {
  const pkgFile = path.join(packagesDir, dir, 'package.json');
  if (!existsSync(pkgFile)) continue;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  if (pkg.private) continue;
  try {
    rows.push(await measure(path.join(packagesDir, dir), pkg));
  } catch (error) {
    console.error(`package-sizes: ${error.message}`);
    process.exitCode = 1;
  }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
if (process.argv.includes('--markdown')) {
  console.log('| package | minified | min+gzip |');
  console.log('|---|---:|---:|');
  for (const r of rows) console.log(`| \`${r.name}\` | ${kb(r.minified)} | ${kb(r.gzipped)} |`);
} else {
  for (const r of rows) console.log(JSON.stringify(r));
}
