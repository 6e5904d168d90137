#!/usr/bin/env node
// The runtime matrix. Bundles every conformance suite in ./suites with esbuild once per export-condition
// profile, so what runs is each package's built dist as a user's bundler would pick it, then runs the bundle
// on Node 20 (this process's node), Node 24 (npm `node`), Bun, Deno, workerd (miniflare) and Vercel Edge
// (`edge-light`: Vercel's Edge Runtime VM, npm `edge-runtime`). Prints one line per runtime and a closing
// `runtimes: N passed, M failed`; exits 1 if any runtime fails, crashes or runs no test. Nothing leaves
// loopback: the suites get the URLs of a local echo server and, when built, the emulator.
//
// Usage: node tooling/runtimes/run.mjs [--only node20,deno,edge-light,...] [--verbose]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { kmsEmulatorConfig } from './fixtures/kms.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const outDir = path.join(root, '.tmp', 'runtimes');
const requireHere = createRequire(path.join(here, 'package.json'));
const MARKER = '__ALICRED_RESULT__';
const RUN_TIMEOUT_MS = 180_000;

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? new Set(args[onlyIndex + 1].split(',')) : undefined;

/** Export-condition profiles: which build of each package a bundler targeting the runtime would take. */
const profiles = {
  // Node and Bun take the default Node build (`import` → dist/index.js).
  node: { platform: 'node', conditions: [], banner: "import { createRequire as __alicredCreateRequire } from 'node:module'; const require = __alicredCreateRequire(import.meta.url);" },
  // Deno and workerd must not see a Node built-in: `neutral`/`browser` make any `node:` import a build error.
  // Deno does give npm *dependencies* (not our packages) Node's built-ins, as `npm:` imports run there.
  deno: { platform: 'neutral', conditions: ['deno'], mainFields: ['module', 'main'], plugins: [denoNpmBuiltins()] },
  workerd: { platform: 'browser', conditions: ['workerd', 'worker', 'browser'] },
  // Vercel Edge: the conditions Vercel's bundler uses for edge functions. The VM evaluates scripts, not
  // modules, so the bundle is an IIFE that registers a `fetch` event listener.
  'edge-light': { platform: 'browser', conditions: ['edge-light', 'worker', 'browser'], format: 'iife' },
};

/**
 * Deno's npm compatibility: a third-party package under node_modules/.pnpm may import a Node built-in (Deno
 * provides it as `node:<name>`); a workspace package's edge build may not, so that stays a build error.
 */
function denoNpmBuiltins() {
  const names = new Set(builtinModules.filter((m) => !m.startsWith('_')));
  return {
    name: 'deno-npm-builtins',
    setup(build) {
      build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
        const name = args.path.replace(/^node:/, '');
        if (!names.has(name) || !args.importer.includes(`${path.sep}node_modules${path.sep}.pnpm${path.sep}`)) return undefined;
        return { path: `node:${name}`, external: true };
      });
    },
  };
}

/** Env names the suites may read; Deno is granted exactly these. */
const SUITE_ENV = ['EMULATOR_URL', 'ECHO_URL', 'ALICRED_CONFORMANCE'];

function resolveBin(pkg, rel) {
  return path.join(path.dirname(requireHere.resolve(`${pkg}/package.json`)), rel);
}

const runtimes = [
  { name: 'node20', profile: 'node', command: () => [process.execPath] },
  { name: 'node24', profile: 'node', command: () => [resolveBin('node', 'bin/node')] },
  { name: 'bun', profile: 'node', command: () => [resolveBin('bun', 'bin/bun.exe'), 'run'] },
  {
    name: 'deno',
    profile: 'deno',
    // The deno package's bin.cjs finds the platform binary; permissions: loopback and the suite's env only.
    command: () => [
      process.execPath,
      resolveBin('deno', 'bin.cjs'),
      'run',
      '--no-prompt',
      '--no-config',
      '--no-lock',
      '--allow-net=127.0.0.1',
      `--allow-env=${SUITE_ENV.join(',')}`,
    ],
  },
  { name: 'workerd', profile: 'workerd', inProcess: runWorkerd },
  { name: 'edge-light', profile: 'edge-light', inProcess: runEdgeLight },
];

function suiteFiles() {
  const dir = path.join(here, 'suites');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mjs'))
    .sort()
    .map((f) => path.join(dir, f));
}

function entrySource(suites, kind) {
  const imports = [`import { run } from ${JSON.stringify(path.join(here, 'harness.mjs'))};`]
    .concat(suites.map((s) => `import ${JSON.stringify(s)};`))
    .join('\n');
  if (kind === 'workerd') {
    // A module worker: each request runs the whole suite with the bindings as its env.
    return `${imports}
export default {
  async fetch(request, env) {
    const runtime = new URL(request.url).searchParams.get('runtime') ?? 'workerd';
    const result = await run({ runtime, emulatorUrl: env.EMULATOR_URL || undefined, echoUrl: env.ECHO_URL, env: { ...env } });
    return new Response(JSON.stringify(result), { headers: { 'content-type': 'application/json' } });
  },
};
`;
  }
  if (kind === 'edge-light') {
    // A Vercel Edge function in the service-worker style the Edge Runtime dispatches: each request runs the
    // whole suite. Env comes from process.env, the one part of `process` Vercel Edge shims (runEdgeLight sets
    // it). The runtime name comes from the EdgeRuntime global, so a bundle that ran elsewhere cannot pass.
    return `${imports}
addEventListener('fetch', (event) => {
  event.respondWith((async () => {
    const runtime = typeof globalThis.EdgeRuntime === 'string' ? 'edge-light' : 'not-edge-light';
    const source = globalThis.process?.env ?? {};
    const env = {};
    for (const name of ${JSON.stringify(SUITE_ENV)}) { const v = source[name]; if (v !== undefined) env[name] = v; }
    const result = await run({ runtime, emulatorUrl: env.EMULATOR_URL || undefined, echoUrl: env.ECHO_URL, env });
    return new Response(JSON.stringify(result), { headers: { 'content-type': 'application/json' } });
  })());
});
`;
  }
  return `${imports}
const read = (name) => (globalThis.Deno ? globalThis.Deno.env.get(name) : globalThis.process.env[name]);
const env = {};
for (const name of ${JSON.stringify(SUITE_ENV)}) { const v = read(name); if (v !== undefined) env[name] = v; }
const runtime = globalThis.Deno ? 'deno' : globalThis.Bun ? 'bun' : 'node' + globalThis.process.versions.node.split('.')[0];
const result = await run({ runtime, emulatorUrl: env.EMULATOR_URL || undefined, echoUrl: env.ECHO_URL, env });
console.log(${JSON.stringify(MARKER)} + JSON.stringify(result));
`;
}

async function bundle(suites, profileName) {
  const esbuild = await import(pathToFileURL(requireHere.resolve('esbuild')).href);
  const profile = profiles[profileName];
  const entry = path.join(outDir, `entry-${profileName}.mjs`);
  const format = profile.format ?? 'esm';
  const outfile = path.join(outDir, `bundle-${profileName}.${format === 'esm' ? 'mjs' : 'js'}`);
  writeFileSync(entry, entrySource(suites, profileName));
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format,
    target: 'es2022',
    platform: profile.platform,
    conditions: profile.conditions,
    ...(profile.mainFields ? { mainFields: profile.mainFields } : {}),
    ...(profile.banner ? { banner: { js: profile.banner } } : {}),
    ...(profile.plugins ? { plugins: profile.plugins } : {}),
    // Suites live in tooling/runtimes: resolve packages from here (its devDependencies), as a user would.
    nodePaths: [],
    absWorkingDir: here,
    logLevel: 'silent',
  });
  return outfile;
}

function parseResult(stdout) {
  const line = stdout.split('\n').find((l) => l.startsWith(MARKER));
  return line ? JSON.parse(line.slice(MARKER.length)) : undefined;
}

function runChild(command, file, env) {
  return new Promise((resolve) => {
    const [cmd, ...pre] = command;
    const child = spawn(cmd, [...pre, file], {
      cwd: outDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ error: `could not start ${cmd}: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = parseResult(stdout);
      const tail = stderr ? `:\n${stderr.trim().slice(-2000)}` : '';
      if (result && code === 0) return resolve({ result, stderr });
      // The suite never sets an exit code: after a result, a non-zero exit is a crash or an unhandled
      // rejection that a test left behind, and must not pass as green.
      if (result) return resolve({ error: `printed its result (${result.passed} passed, ${result.failed} failed) but exited with ${signal ?? code}${tail}` });
      resolve({ error: `exited with ${signal ?? code} and no result${tail}` });
    });
  });
}

async function runWorkerd(file, env) {
  const { Miniflare } = await import(pathToFileURL(requireHere.resolve('miniflare')).href);
  const { readFileSync } = await import('node:fs');
  // No nodejs_compat: the edge build must work with Web APIs alone, and `process` must be absent.
  const mf = new Miniflare({
    modules: true,
    script: readFileSync(file, 'utf8'),
    compatibilityDate: '2025-01-01',
    bindings: env,
  });
  try {
    const response = await mf.dispatchFetch('http://localhost/?runtime=workerd');
    const text = await response.text();
    if (!response.ok) return { error: `worker answered ${response.status}: ${text.slice(0, 2000)}` };
    return { result: JSON.parse(text) };
  } catch (error) {
    return { error: `miniflare: ${error.message}` };
  } finally {
    await mf.dispose();
  }
}

/**
 * Runs the bundle in Vercel's Edge Runtime emulator (npm `edge-runtime`, the VM `vercel dev` and Next.js use
 * for edge functions): a Node vm context holding only the Web APIs Vercel Edge has, `EdgeRuntime` set, no
 * `require`, no Node built-ins, no eval. `process` is shimmed as Vercel does, `{ env }` and nothing else, with
 * the suite's env vars. The suite runs as the response to one dispatched FetchEvent.
 */
async function runEdgeLight(file, env) {
  const { EdgeRuntime } = await import(pathToFileURL(requireHere.resolve('edge-runtime')).href);
  const { readFileSync } = await import('node:fs');
  // The VM shares this process: a rejection nobody handles inside it fails edge-light instead of the runner.
  const rejections = [];
  const onRejection = (reason) => rejections.push(reason);
  process.on('unhandledRejection', onRejection);
  let timer;
  try {
    const runtime = new EdgeRuntime();
    const shim = `{ value: { env: ${JSON.stringify(env)} }, enumerable: false, configurable: false, writable: false }`;
    runtime.evaluate(`Object.defineProperty(globalThis, 'process', ${shim});`);
    runtime.evaluate(readFileSync(file, 'utf8'));
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer after ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS);
    });
    const response = await Promise.race([runtime.dispatchFetch('http://localhost/'), timeout]);
    const text = await response.text();
    await response.waitUntil();
    // Node reports unhandled rejections when it next processes ticks: give it one before looking.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (!response.ok) return { error: `the edge function answered ${response.status}: ${text.slice(0, 2000)}` };
    if (rejections.length > 0) return { error: `unhandled rejection in the edge function: ${String(rejections[0]?.stack ?? rejections[0]).slice(0, 2000)}` };
    return { result: JSON.parse(text) };
  } catch (error) {
    return { error: `edge-runtime: ${error.message}` };
  } finally {
    clearTimeout(timer);
    process.off('unhandledRejection', onRejection);
  }
}

/** A loopback echo server: answers every request with its method, path, headers and body as JSON. */
async function startEchoServer() {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://127.0.0.1');
      const status = Number(url.searchParams.get('status') ?? 200);
      const body = Buffer.concat(chunks).toString('utf8');
      if (url.pathname === '/slow') {
        const timer = setTimeout(() => res.end('late'), Number(url.searchParams.get('ms') ?? 5000));
        res.on('close', () => clearTimeout(timer));
        return;
      }
      if (url.pathname === '/big') {
        res.writeHead(status, { 'content-type': 'application/octet-stream' });
        return res.end(Buffer.alloc(Number(url.searchParams.get('bytes') ?? 1 << 20), 97));
      }
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, path: url.pathname, query: url.search, headers: req.headers, body }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}

/**
 * Starts @alicred/emulator on 127.0.0.1. The HTTP source tests need it, so a missing build is an error rather
 * than a reason to skip them (a run that skipped them would still look green). The config is the default
 * seed (accounts, roles, ECS, credentials URI, OSS: what the other suites use) plus, in its KMS section, the
 * test ClientKey and secrets of fixtures/kms.mjs that the kms-client-key suite reads. `config.kms` is merged
 * field by field but its lists replace the seed's, so the seed's KMS entries are passed on with ours.
 */
async function startEmulator() {
  let mod;
  try {
    mod = await import(pathToFileURL(requireHere.resolve('@alicred/emulator')).href);
  } catch (error) {
    throw new Error(`@alicred/emulator is not built: run \`pnpm build\` first (${error.message})`);
  }
  if (typeof mod.startEmulator !== 'function' || typeof mod.defaultConfig !== 'function') {
    throw new Error('@alicred/emulator does not export startEmulator and defaultConfig: rebuild it');
  }
  const config = { kms: kmsEmulatorConfig(mod.defaultConfig().kms) };
  const emulator = await mod.startEmulator({ host: '127.0.0.1', port: 0, config });
  const url = emulator.url ?? emulator.endpoint ?? emulator.origin;
  if (typeof url !== 'string' || !/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)[:/]/.test(url)) {
    await (emulator.close ?? emulator.stop)?.call(emulator);
    throw new Error(`emulator did not report a loopback url (got ${String(url)})`);
  }
  return { url, close: () => (emulator.close ?? emulator.stop).call(emulator) };
}

function report(name, outcome) {
  if (outcome.error) {
    console.log(`runtime ${name}: 0 passed, 1 failed`);
    console.log(`  ✗ ${name} did not run: ${outcome.error.split('\n').join('\n    ')}`);
    return { passed: 0, failed: 1, ok: false };
  }
  const { passed, failed, skipped, results } = outcome.result;
  console.log(`runtime ${name}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  for (const r of results) {
    if (r.status === 'failed') console.log(`  ✗ ${r.name}: ${r.error}`);
    else if (verbose) console.log(`  ${r.status === 'passed' ? '✓' : '-'} ${r.name}${r.error ? ` (${r.error})` : ''}`);
  }
  if (passed === 0 && failed === 0) {
    console.log(`  ✗ ${name} ran no test`);
    return { passed, failed: 1, ok: false };
  }
  return { passed, failed, ok: failed === 0 };
}

async function main() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const suites = suiteFiles();
  if (suites.length === 0) throw new Error('no suite in tooling/runtimes/suites');

  // The emulator first: when it is missing, nothing is left listening to keep the process alive.
  const emulator = await startEmulator();
  const echo = await startEchoServer();
  console.log(
    `runtimes: suites ${suites.map((s) => path.basename(s, '.mjs')).join(', ')}; emulator ${emulator.url}`,
  );
  const env = { ECHO_URL: echo.url, ALICRED_CONFORMANCE: '1', EMULATOR_URL: emulator.url };

  const bundles = {};
  let total = { passed: 0, failed: 0 };
  let allOk = true;
  try {
    for (const runtime of runtimes) {
      if (only && !only.has(runtime.name)) continue;
      let outcome;
      try {
        bundles[runtime.profile] ??= await bundle(suites, runtime.profile);
        outcome = runtime.inProcess
          ? await runtime.inProcess(bundles[runtime.profile], env)
          : await runChild(runtime.command(), bundles[runtime.profile], env);
      } catch (error) {
        const detail = error.errors?.length ? error.errors.map((e) => e.text).join('; ') : error.message;
        outcome = { error: `${detail}` };
      }
      // Proves the intended binary ran (e.g. that node24 is not this process's node again).
      if (outcome.result && outcome.result.runtime !== runtime.name) {
        outcome = { error: `expected runtime ${runtime.name}, the suite reported ${outcome.result.runtime}` };
      }
      const r = report(runtime.name, outcome);
      total = { passed: total.passed + r.passed, failed: total.failed + r.failed };
      allOk &&= r.ok;
    }
  } finally {
    await echo.close();
    await emulator.close();
  }
  console.log(`runtimes: ${total.passed} passed, ${total.failed} failed`);
  process.exitCode = allOk && total.passed > 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(`runtimes: ${error.stack ?? error}`);
  console.log('runtimes: 0 passed, 1 failed');
  process.exitCode = 1;
});
