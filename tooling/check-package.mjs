#!/usr/bin/env node
// Package conventions, checked on one package's package.json and its built dist (each package's `lint`):
//   - type module, sideEffects false, engines.node ">=20.18"
//   - every exports leaf lists `types` first, and every file it names exists
//   - library packages (not private): "." has workerd / edge-light / browser conditions pointing at
//     dist/edge, placed before import/require so a bundler for those targets never picks the Node build
//   - dist/edge has no `node:` import and no bare Node built-in
//   - every bare import in dist is a declared dependency or peerDependency (pnpm's strict layout)
//   - publint (strict) is clean
// Prints one line per problem, `<package>: <problem>`, and exits 1 on any.
//
// Usage: node tooling/check-package.mjs <package-dir>
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const EDGE_CONDITIONS = ['workerd', 'edge-light', 'browser'];
const NODE_CONDITIONS = ['import', 'require', 'node', 'default'];
const ENGINES_NODE = /^>=\s*20\.18(\.0)?$/;

/** Bare specifiers of import/export-from, dynamic import() and require() in built JavaScript. */
const SPECIFIER_PATTERNS = [
  /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

const builtins = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]]));

function jsFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => /\.(c|m)?js$/.test(f) && statSync(f).isFile());
}

function stripComments(code) {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function specifiers(file) {
  const code = stripComments(readFileSync(file, 'utf8'));
  const found = new Set();
  for (const pattern of SPECIFIER_PATTERNS) {
    for (const match of code.matchAll(pattern)) found.add(match[1]);
  }
  return [...found];
}

function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Walks an exports value; calls `leaf(object, keyPath)` for every condition object that maps to files. */
function walkExports(value, keyPath, visit) {
  if (typeof value === 'string' || value === null) return visit.target(value, keyPath);
  if (Array.isArray(value)) return value.forEach((v, i) => walkExports(v, [...keyPath, String(i)], visit));
  if (Object.values(value).every((v) => typeof v === 'string' || v === null)) visit.leaf(value, keyPath);
  for (const [key, v] of Object.entries(value)) walkExports(v, [...keyPath, key], visit);
}

export async function checkPackage(dir) {
  const pkgDir = path.resolve(dir);
  const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const problems = [];
  const problem = (text) => problems.push(text);
  const isLibrary = pkg.private !== true;

  if (pkg.type !== 'module') problem('package.json: "type" must be "module"');
  if (pkg.sideEffects !== false) problem('package.json: "sideEffects" must be false');
  if (!ENGINES_NODE.test(pkg.engines?.node ?? '')) {
    problem(`package.json: engines.node must be ">=20.18" (is ${JSON.stringify(pkg.engines?.node)})`);
  }

  // ---- exports ----
  if (!pkg.exports || typeof pkg.exports !== 'object' || !pkg.exports['.']) {
    problem('package.json: "exports" must be an object with a "." entry');
  } else {
    walkExports(pkg.exports, [], {
      leaf(object, keyPath) {
        const keys = Object.keys(object);
        const where = `exports[${keyPath.map((k) => JSON.stringify(k)).join('][')}]`;
        if (!keys.includes('types')) problem(`${where}: has no "types" condition`);
        else if (keys[0] !== 'types') problem(`${where}: "types" must be the first condition (is ${keys.indexOf('types') + 1}.)`);
      },
      target(target, keyPath) {
        if (typeof target !== 'string' || target.includes('*')) return;
        if (!existsSync(path.join(pkgDir, target))) {
          problem(`exports[${keyPath.map((k) => JSON.stringify(k)).join('][')}]: ${target} does not exist (build first)`);
        }
      },
    });
    const root = pkg.exports['.'];
    if (isLibrary && (typeof root !== 'object' || Array.isArray(root))) {
      problem('exports["."]: must be a condition object with edge conditions');
    } else if (isLibrary) {
      const keys = Object.keys(root);
      const firstNode = Math.min(...NODE_CONDITIONS.map((k) => keys.indexOf(k)).filter((i) => i >= 0));
      for (const condition of EDGE_CONDITIONS) {
        const index = keys.indexOf(condition);
        if (index < 0) {
          problem(`exports["."]: missing the "${condition}" condition (edge bundlers would take the Node build)`);
          continue;
        }
        if (index > firstNode) problem(`exports["."]: "${condition}" must come before ${keys[firstNode]}`);
        const target = typeof root[condition] === 'string' ? root[condition] : root[condition]?.default ?? root[condition]?.import;
        if (typeof target !== 'string' || !target.startsWith('./dist/edge/')) {
          problem(`exports["."]["${condition}"]: must point into ./dist/edge/ (is ${JSON.stringify(target)})`);
        }
      }
    }
  }

  // ---- built files ----
  const dist = path.join(pkgDir, 'dist');
  if (!existsSync(dist)) problem('dist/ is missing (run the build first)');
  const declared = new Set([
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
    pkg.name,
  ]);
  const edgeDir = path.join(dist, 'edge');
  for (const file of jsFiles(dist)) {
    const rel = path.relative(pkgDir, file);
    const isEdge = file.startsWith(edgeDir + path.sep);
    for (const spec of specifiers(file)) {
      if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('data:')) continue;
      const isBuiltin = spec.startsWith('node:') || builtins.has(spec) || builtins.has(packageNameOf(spec));
      if (isBuiltin) {
        if (isEdge) problem(`${rel}: imports the Node built-in "${spec}" (the edge build must use Web APIs only)`);
        continue;
      }
      const name = packageNameOf(spec);
      if (!declared.has(name)) problem(`${rel}: imports "${name}", which is not in dependencies or peerDependencies`);
    }
  }
  if (isLibrary && existsSync(dist) && jsFiles(edgeDir).length === 0) problem('dist/edge/ has no JavaScript (edge build missing)');

  // ---- publint ----
  // `pack: 'npm'` lists the published files without needing a global pnpm (there is none on CI).
  const { messages } = await publint({ pkgDir, level: 'suggestion', strict: true, pack: 'npm' });
  for (const message of messages) {
    problem(`publint ${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`);
  }
  return { name: pkg.name, problems };
}

async function main() {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node tooling/check-package.mjs <package-dir>');
    process.exit(2);
  }
  const { name, problems } = await checkPackage(dir);
  for (const p of problems) console.error(`${name}: ${p}`);
  if (problems.length) process.exit(1);
  console.log(`${name}: package conventions ok`);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('check-package.mjs')) {
  main().catch((error) => {
    console.error(`check-package: ${error.stack ?? error}`);
    process.exit(1);
  });
}
