#!/usr/bin/env node
// The README's first command ends here. Until the full emulator demo lands (issue 10) it lists the
// workspace packages with what each is for and whether its build is present.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rows = [];
for (const dir of ['packages', 'apps']) {
  const base = path.join(root, dir);
  if (!existsSync(base)) continue;
  for (const name of readdirSync(base).sort()) {
    const file = path.join(base, name, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    const built = existsSync(path.join(base, name, 'dist'));
    const edge = existsSync(path.join(base, name, 'dist', 'edge'));
    rows.push([pkg.name, built ? (edge ? 'node+edge' : 'node') : 'not built', pkg.description ?? '']);
  }
}
const width = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
console.log('alicred workspace\n');
for (const [name, build, description] of rows) {
  console.log(`${name.padEnd(width[0])}  ${build.padEnd(width[1])}  ${description}`);
}
