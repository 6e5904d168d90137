#!/usr/bin/env node
// `pnpm bench`: runs every suites/*.mjs (each exports `async function run(ctx) → rows[]`) in one process, so
// alicred and its peer are measured in the same run on the same machine, then writes bench-results.json at the
// repo root and prints a table. A row is { id, unit, alicred, peer, peerName, ratio } with ratio =
// alicred / peer (see README.md for what each row's unit means and which direction is better).
// Nothing here touches the network: suites use in-process transports or 127.0.0.1.
//
// Usage: node tooling/bench/run.mjs [--only <suite>] [--quick]
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const args = process.argv.slice(2);
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
const quick = args.includes('--quick');

const FIELDS = ['id', 'unit', 'alicred', 'peer', 'peerName', 'ratio'];

function validate(row, suite) {
  const missing = FIELDS.filter((f) => !(f in row));
  if (missing.length) throw new Error(`suite ${suite}: row ${JSON.stringify(row.id)} lacks ${missing.join(', ')}`);
  for (const f of ['alicred', 'peer', 'ratio']) {
    if (typeof row[f] !== 'number' || !Number.isFinite(row[f])) throw new Error(`suite ${suite}: row ${row.id}.${f} is not a finite number`);
  }
  return Object.fromEntries(FIELDS.map((f) => [f, row[f]]));
}

function format(n) {
  if (Number.isInteger(n)) return String(n);
  return n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toFixed(3);
}

function table(rows) {
  const header = ['id', 'unit', 'alicred', 'peer', 'peerName', 'ratio'];
  const cells = rows.map((r) => [r.id, r.unit, format(r.alicred), format(r.peer), r.peerName, format(r.ratio)]);
  const width = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((v, i) => (i >= 2 && i !== 4 ? v.padStart(width[i]) : v.padEnd(width[i]))).join('  ');
  return [line(header), width.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

async function main() {
  const dir = path.join(here, 'suites');
  const suites = readdirSync(dir).filter((f) => f.endsWith('.mjs') && (!only || f === `${only}.mjs`)).sort();
  if (suites.length === 0) throw new Error('no bench suite found');
  const rows = [];
  for (const file of suites) {
    const name = path.basename(file, '.mjs');
    const mod = await import(pathToFileURL(path.join(dir, file)).href);
    if (typeof mod.run !== 'function') throw new Error(`suite ${name} does not export run(ctx)`);
    const started = Date.now();
    const suiteRows = await mod.run({ root, quick, log: (msg) => console.error(`[${name}] ${msg}`) });
    for (const row of suiteRows) rows.push(validate(row, name));
    console.error(`[${name}] ${suiteRows.length} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const ids = rows.map((r) => r.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new Error(`duplicate row id ${dup}`);
  const out = path.join(root, 'bench-results.json');
  writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
  console.log(table(rows));
  console.log(`\nwrote ${path.relative(process.cwd(), out) || out} (${rows.length} rows; ratio = alicred / peer)`);
}

main().catch((error) => {
  console.error(`bench: ${error.stack ?? error}`);
  process.exitCode = 1;
});
