// The API reference builds from the TSDoc of every public package without a single warning (typedoc runs
// with treatWarningsAsErrors and validation.notDocumented, so a broken {@link}, an unexported referenced type, an
// export without TSDoc or an unknown tag fails).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const typedocBin = path.join(path.dirname(createRequire(path.join(root, 'docs', 'package.json')).resolve('typedoc/package.json')), 'bin', 'typedoc');

function publicPackages(): string[] {
  return readdirSync(path.join(root, 'packages'))
    .filter((dir) => existsSync(path.join(root, 'packages', dir, 'src', 'index.ts')))
    .map((dir) => JSON.parse(readFileSync(path.join(root, 'packages', dir, 'package.json'), 'utf8')) as { name: string; private?: boolean })
    .filter((pkg) => !pkg.private)
    .map((pkg) => pkg.name);
}

it('typedoc generates the API reference with zero warnings, one module per public package', () => {
  const out = path.join(root, '.tmp', 'api-test');
  const result = spawnSync(process.execPath, [typedocBin, '--options', 'typedoc.json', '--out', out], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 120_000,
  });
  const output = `${result.stdout}\n${result.stderr}`;
  expect(output).not.toMatch(/\[(warning|error)\]/);
  expect(result.status, output).toBe(0);

  // index.html is docs/api.md; the module list is modules.html.
  const modules = readFileSync(path.join(out, 'modules.html'), 'utf8');
  const names = publicPackages();
  expect(names.length).toBeGreaterThanOrEqual(13);
  for (const name of names) expect(modules, name).toContain(`>${name}<`);
}, 150_000);
