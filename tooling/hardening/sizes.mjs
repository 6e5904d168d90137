// Size budgets per public package, shared by the hardening test (src/packaging.test.ts, enforced in CI) and the
// bench suite (tooling/bench/suites/sizes.mjs, rows `size-<package>`).
//
// What is measured: the package's whole main export as a Cloudflare Worker bundler resolves it (the `workerd`
// condition → dist/edge), bundled with its dependencies by esbuild, minified, gzipped — the same method as
// tooling/package-sizes.mjs (the README's table). It is an upper bound: a Worker that imports one function
// tree-shakes the rest. Packages must be built first.
//
// Budgets are ceilings with headroom over the sizes measured when they were set (2026-11, noted per row), so
// ordinary work passes and an accidental dependency or a Node module dragged into the edge build fails.
// Raising one is a decision: change it here, with the reason, in the same commit.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');

/** Gzipped bytes allowed per package (measured when set: see the comment on each line). */
export const GZIP_BUDGETS = Object.freeze({
  '@alicred/bearer': 4_608, // 3.5 KB
  '@alicred/chain': 27_648, // 22.2 KB (the default chain: every edge-safe source)
  '@alicred/core': 8_704, // 7.0 KB
  '@alicred/ecs-imds': 9_728, // 7.9 KB
  '@alicred/env': 2_048, // 1.3 KB
  '@alicred/fc-context': 2_560, // 1.9 KB
  '@alicred/ini': 31_744, // 25.6 KB (edge build: the Node-only sources and their delegated peers)
  '@alicred/kms-client-key': 12_800, // 10.4 KB
  '@alicred/oidc': 13_312, // 11.0 KB
  '@alicred/oss-signer': 6_144, // 4.9 KB
  '@alicred/ram-role': 13_312, // 10.6 KB
  '@alicred/sts': 11_776, // 9.3 KB
  '@alicred/uri': 7_168, // 5.7 KB
});

/** Every public @alicred/* package: { name, dir }. */
export function publicPackages() {
  const dir = path.join(ROOT, 'packages');
  return readdirSync(dir)
    .sort()
    .map((d) => path.join(dir, d))
    .filter((d) => existsSync(path.join(d, 'package.json')))
    .map((d) => ({ dir: d, pkg: JSON.parse(readFileSync(path.join(d, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => pkg.private !== true && pkg.name?.startsWith('@alicred/'))
    .map(({ dir: d, pkg }) => ({ name: pkg.name, dir: d }));
}

/**
 * Bundles `contents` for workerd (the way wrangler does: browser platform, workerd/worker/browser conditions),
 * resolving @alicred/* from their package directories (so the built dist is what gets bundled). `node:*`
 * stays external, so a Node import shows up in `nodeImports` instead of failing the build.
 */
export async function bundleForWorkerd(contents, resolveDir = here) {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    external: ['node:*'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const text = result.outputFiles[0].text;
  const output = Object.values(result.metafile.outputs)[0];
  return {
    text,
    minified: Buffer.byteLength(text),
    gzipped: gzipSync(text, { level: 9 }).length,
    inputs: Object.keys(result.metafile.inputs).map((f) => path.resolve(f)),
    nodeImports: (output?.imports ?? []).map((i) => i.path).filter((p) => p.startsWith('node:')),
  };
}

/** The size of one package's whole main export in a workerd bundle. */
export async function measurePackage(name) {
  const { minified, gzipped } = await bundleForWorkerd(`export * from '${name}';`);
  return { name, minified, gzipped, budget: GZIP_BUDGETS[name] };
}
