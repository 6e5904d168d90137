#!/usr/bin/env node
// `pnpm test:all`: everything CI checks, in the order a failure is cheapest to find, each step's output
// streamed as it runs:
//   1. build              turbo run build
//   2. lint + typecheck   turbo run lint typecheck (lint = tooling/check-package.mjs on the built package)
//   3. unit/integration   turbo run test, each vitest also writing a JSON report (ALICRED_VITEST_REPORT_DIR)
//   4. runtime matrix     tooling/runtimes/run.mjs (Node 20, Node 24, Bun, Deno, workerd, Vercel Edge)
//   5. package checks     tooling/check-packages.mjs (attw, publint, ESM/CJS and edge export parity)
//   6. README demo        tooling/demo.mjs, what `pnpm demo` runs after its build (counts as one check)
// Counts: every vitest test; every build/lint/typecheck turbo task; every runtime-matrix test; every package
// check. Ends with exactly one line `alicred: N passed, M failed` (CI reads it); exits 1 on any failure or
// when no test ran. Run it through pnpm (`pnpm test:all`) so turbo finds pnpm on PATH.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reportDir = path.join(root, '.tmp', 'vitest-reports');
const turbo = path.join(root, 'node_modules', '.bin', 'turbo');
// Two cores shared with other work: two turbo tasks at a time, and one vitest at a time (each runs 2 threads).
const BUILD_CONCURRENCY = '2';
const TEST_CONCURRENCY = '1';

/** Runs a command with inherited stdio while keeping a copy of stdout; resolves to { code, stdout }. */
function run(label, cmd, args, env = {}) {
  console.log(`\n━━ ${label}: ${[path.basename(cmd), ...args].join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      process.stdout.write(d);
    });
    child.on('error', (error) => resolve({ code: 1, stdout: `${stdout}\n${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

/** turbo --summarize writes .turbo/runs/<id>.json; count its tasks by exit code. */
function newestSummary(since) {
  const dir = path.join(root, '.turbo', 'runs');
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir)
    .map((f) => path.join(dir, f))
    .filter((f) => f.endsWith('.json') && statSync(f).mtimeMs >= since)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0] ? JSON.parse(readFileSync(files[0], 'utf8')) : undefined;
}

async function turboStep(label, tasks, extra = [], env = {}) {
  const since = Date.now() - 1000;
  // --continue=dependencies-successful: one broken package must not hide the results of the independent ones.
  const { code } = await run(
    label,
    turbo,
    ['run', ...tasks, '--summarize', '--output-logs=errors-only', '--env-mode=loose', '--continue=dependencies-successful', ...extra],
    env,
  );
  const summary = newestSummary(since);
  const taskResults = (summary?.tasks ?? []).filter((t) => t.command && t.command !== '<NONEXISTENT>');
  // A task without an execution record did not run because a dependency failed: it counts as failed too.
  const failedTasks = taskResults.filter((t) => t.execution?.exitCode !== 0);
  return {
    code,
    passed: taskResults.length - failedTasks.length,
    failed: Math.max(failedTasks.length, code === 0 ? 0 : 1),
    failedTasks: failedTasks.map((t) => t.taskId),
  };
}

/** Sums vitest JSON reports; a failed turbo test task without a report counts as one failure. */
function vitestTotals(failedTasks) {
  let passed = 0;
  let failed = 0;
  const reported = new Set();
  if (existsSync(reportDir)) {
    for (const file of readdirSync(reportDir).filter((f) => f.endsWith('.json'))) {
      const report = JSON.parse(readFileSync(path.join(reportDir, file), 'utf8'));
      passed += report.numPassedTests ?? 0;
      // A file that failed without a failed test (an import error, a throwing hook) must still count, once;
      // a file whose tests failed is already counted by them.
      const brokenFiles = (report.testResults ?? []).filter(
        (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed'),
      ).length;
      failed += (report.numFailedTests ?? 0) + brokenFiles;
      reported.add(file.replace(/\.json$/, ''));
    }
  }
  // Failed build tasks are already counted by the build step; here only test tasks that left no report.
  for (const taskId of failedTasks.filter((id) => id.endsWith('#test'))) {
    const name = taskId.split('#')[0].replace(/^@/, '').replace(/[^a-zA-Z0-9._-]/g, '-');
    if (!reported.has(name)) failed += 1;
  }
  return { passed, failed };
}

/** Reads a tool's closing `<word>: N passed, M failed` line. */
function closingCounts(stdout, word, code) {
  const lines = stdout.trim().split('\n').reverse();
  const line = lines.find((l) => new RegExp(`^${word}: \\d+ passed, \\d+ failed`).test(l));
  if (!line) return { passed: 0, failed: 1 };
  const [, passed, failed] = line.match(/(\d+) passed, (\d+) failed/);
  return { passed: Number(passed), failed: Math.max(Number(failed), code === 0 ? 0 : 1) };
}

async function main() {
  const started = Date.now();
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(reportDir, { recursive: true });
  const rows = [];

  const build = await turboStep('build', ['build'], [`--concurrency=${BUILD_CONCURRENCY}`]);
  rows.push(['build (turbo tasks)', build]);

  // --only: the builds ran (and were counted) in step 1; do not run or count them again.
  const checks = await turboStep('lint + typecheck', ['lint', 'typecheck'], ['--only', `--concurrency=${BUILD_CONCURRENCY}`]);
  rows.push(['lint + typecheck (turbo tasks)', checks]);

  // --force: a cached test task would replay its log without running vitest, and so write no report;
  // --only keeps --force from rebuilding every dependency.
  const tests = await turboStep('unit + integration tests', ['test'], ['--only', '--force', `--concurrency=${TEST_CONCURRENCY}`], {
    ALICRED_VITEST_REPORT_DIR: reportDir,
  });
  rows.push(['vitest tests', { ...vitestTotals(tests.failedTasks), code: tests.code }]);

  const runtimes = await run('runtime matrix', process.execPath, [path.join(root, 'tooling', 'runtimes', 'run.mjs')]);
  rows.push(['runtime matrix tests', { ...closingCounts(runtimes.stdout, 'runtimes', runtimes.code), code: runtimes.code }]);

  const packages = await run('package checks', process.execPath, [path.join(root, 'tooling', 'check-packages.mjs')]);
  rows.push(['package checks', { ...closingCounts(packages.stdout, 'check:packages', packages.code), code: packages.code }]);

  // The README's first command, exactly as a newcomer runs it (minus the build, done in step 1).
  const demo = await run('README demo', process.execPath, [path.join(root, 'tooling', 'demo.mjs')], { NO_COLOR: '1' });
  rows.push(['README demo', { passed: demo.code === 0 ? 1 : 0, failed: demo.code === 0 ? 0 : 1, code: demo.code }]);

  const total = rows.reduce((t, [, r]) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed }), { passed: 0, failed: 0 });
  console.log(`\n━━ summary (${Math.round((Date.now() - started) / 1000)} s)`);
  for (const [label, r] of rows) {
    console.log(`${r.failed || r.code ? '✗' : '✓'} ${label.padEnd(32)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(4)} failed`);
  }
  const vitestRan = rows[2][1].passed + rows[2][1].failed;
  if (vitestRan === 0) console.log('✗ no vitest test ran');
  const ok = total.failed === 0 && rows.every(([, r]) => r.code === 0) && vitestRan > 0;
  const failed = ok ? 0 : Math.max(total.failed, 1);
  console.log(`alicred: ${total.passed} passed, ${failed} failed`);
  process.exitCode = ok ? 0 : 1;
}

main().catch((error) => {
  console.error(error.stack ?? error);
  console.log('alicred: 0 passed, 1 failed');
  process.exitCode = 1;
});
