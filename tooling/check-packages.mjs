#!/usr/bin/env node
// Packaging checks on what users actually install: packs every public @alicred/* package into .tmp/packs/
// (pnpm pack, so workspace: ranges are rewritten as on publish), then per package:
//   attw    @arethetypeswrong/cli on the tarball, profile "strict" (node10, node16-cjs, node16-esm, bundler)
//   publint publint --strict on the tarball
//   esm/cjs import() of dist/index.js and require() of dist/index.cjs export the same names
//   edge    dist/edge/index.js exports the same names as dist/index.js (Node-only functions keep their name
//           and throw a CredentialsError on the edge instead of disappearing)
// Prints one line per package and a closing `check:packages: N passed, M failed` (one count per check).
//
// attw rules: none ignored. Every package ships ESM + CJS with their own .d.ts / .d.cts, so node10 (via
// main/types), node16 (both module kinds) and bundler resolution must all be clean; an exception has to be
// added to ATTW_IGNORED below with the reason next to it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packDir = path.join(root, '.tmp', 'packs');
const attwBin = path.join(root, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');

/** attw rules we accept, each with its reason. Empty: no exception is justified so far. */
const ATTW_IGNORED = [];

/** pnpm as the caller ran it (`pnpm check:packages` sets npm_execpath), else the pinned version via npx. */
function pnpmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(path.basename(execPath)) && /\.(c|m)?js$/.test(execPath)) return [process.execPath, execPath];
  return ['npx', '--yes', 'pnpm@10.34.8'];
}

function publicPackages() {
  const dir = path.join(root, 'packages');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((name) => path.join(dir, name))
    .filter((d) => existsSync(path.join(d, 'package.json')))
    .map((d) => ({ dir: d, pkg: JSON.parse(readFileSync(path.join(d, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => pkg.private !== true && pkg.name?.startsWith('@alicred/'));
}

function pack(dir, pkg) {
  const [cmd, ...pre] = pnpmCommand();
  const before = new Set(readdirSync(packDir));
  execFileSync(cmd, [...pre, 'pack', '--pack-destination', packDir], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const created = readdirSync(packDir).filter((f) => f.endsWith('.tgz') && !before.has(f));
  const expected = `${pkg.name.replace('@', '').replace('/', '-')}-${pkg.version}.tgz`;
  const file = created.find((f) => f === expected) ?? created[0];
  if (!file) throw new Error('pnpm pack produced no tarball');
  return path.join(packDir, file);
}

function attw(tarball) {
  const args = [attwBin, tarball, '--format', 'json', '--profile', 'strict', '--no-definitely-typed'];
  if (ATTW_IGNORED.length) args.push('--ignore-rules', ...ATTW_IGNORED.map((r) => r.rule));
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    return [`attw did not run: ${(run.stderr || run.stdout).trim().split('\n').slice(-3).join(' ')}`];
  }
  if (report.analysis?.types === false) return ['attw: the tarball ships no type declarations'];
  const problems = report.analysis?.problems ?? [];
  return problems.map((p) => {
    const where = [p.entrypoint, p.resolutionKind].filter(Boolean).join(' ');
    return `attw ${p.kind}${where ? ` (${where})` : ''}`;
  });
}

async function publintTarball(tarball, pkg) {
  const data = readFileSync(tarball);
  const { messages } = await publint({
    pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
    level: 'suggestion',
    strict: true,
  });
  return messages.map((m) => `publint ${m.type}: ${formatMessage(m, pkg, { color: false }) ?? m.code}`);
}

const names = (mod) => Object.keys(mod).filter((k) => k !== 'default' && k !== '__esModule').sort();

function diff(a, b) {
  const onlyA = a.filter((n) => !b.includes(n));
  const onlyB = b.filter((n) => !a.includes(n));
  return [onlyA, onlyB];
}

async function parity(dir) {
  const esmFile = path.join(dir, 'dist', 'index.js');
  const cjsFile = path.join(dir, 'dist', 'index.cjs');
  const edgeFile = path.join(dir, 'dist', 'edge', 'index.js');
  const esm = names(await import(pathToFileURL(esmFile).href));
  const results = {};
  const cjs = names(createRequire(cjsFile)(cjsFile));
  const [esmOnly, cjsOnly] = diff(esm, cjs);
  results.cjs = esmOnly.length || cjsOnly.length
    ? [`esm/cjs export names differ: only in ESM [${esmOnly.join(', ')}], only in CJS [${cjsOnly.join(', ')}]`]
    : [];
  if (existsSync(edgeFile)) {
    const edge = names(await import(pathToFileURL(edgeFile).href));
    const [nodeOnly, edgeOnly] = diff(esm, edge);
    results.edge = nodeOnly.length || edgeOnly.length
      ? [`edge export names differ: missing on the edge [${nodeOnly.join(', ')}], edge only [${edgeOnly.join(', ')}]`]
      : [];
  } else {
    results.edge = ['dist/edge/index.js is missing'];
  }
  return { ...results, count: esm.length };
}

async function main() {
  rmSync(packDir, { recursive: true, force: true });
  mkdirSync(packDir, { recursive: true });
  const packages = publicPackages();
  let passed = 0;
  let failed = 0;
  for (const { dir, pkg } of packages) {
    const checks = {};
    if (!existsSync(path.join(dir, 'dist', 'index.js'))) {
      failed += 1;
      console.log(`${pkg.name}: build FAIL`);
      console.log('  ✗ dist/index.js is missing: build the package first (pnpm build)');
      continue;
    }
    let tarball;
    try {
      tarball = pack(dir, pkg);
    } catch (error) {
      checks.pack = [`pnpm pack failed: ${String(error.stderr || error.message).trim().split('\n').pop()}`];
    }
    if (tarball) {
      checks.attw = attw(tarball);
      checks.publint = await publintTarball(tarball, pkg);
    }
    try {
      const p = await parity(dir);
      checks['esm/cjs'] = p.cjs;
      checks.edge = p.edge;
      checks.count = p.count;
    } catch (error) {
      checks['esm/cjs'] = [`could not load dist: ${error.message}`];
    }
    const count = checks.count;
    delete checks.count;
    const bad = Object.entries(checks).filter(([, problems]) => problems.length);
    passed += Object.keys(checks).length - bad.length;
    failed += bad.length;
    const summary = Object.entries(checks).map(([check, problems]) => `${check} ${problems.length ? 'FAIL' : 'ok'}`);
    console.log(`${pkg.name}: ${summary.join(', ')}${count !== undefined ? ` (${count} exports)` : ''}`);
    for (const [, problems] of bad) for (const problem of problems) console.log(`  ✗ ${problem}`);
  }
  if (packages.length === 0) console.log('check:packages: no public package found');
  console.log(`check:packages: ${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(`check:packages: ${error.stack ?? error}`);
  console.log('check:packages: 0 passed, 1 failed');
  process.exitCode = 1;
});
