import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateCliProfile } from '../src/config-store-node';
import { put, readConfig, tempHome } from './helpers';

let home: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ home, cleanup } = await tempHome());
});
afterEach(() => cleanup());

const ROUNDS = 40;
const initial = () =>
  JSON.stringify({ current: 'a', profiles: [{ name: 'a', mode: 'OAuth' }, { name: 'b', mode: 'External' }], meta_path: '' }, null, 4);

/** Bundles the real write-back module so separate Node processes can run it. */
async function bundleWriter(): Promise<string> {
  const entry = fileURLToPath(new URL('../src/config-store-node.ts', import.meta.url));
  const outfile = path.join(home, 'writer-lib.mjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent' });
  const script = path.join(home, 'writer.mjs');
  await put(
    home,
    'writer.mjs',
    `import { updateCliProfile } from './writer-lib.mjs';
     const [file, profile, rounds] = process.argv.slice(2);
     for (let i = 0; i < Number(rounds); i++) {
       await updateCliProfile(file, profile, { ['count_' + profile]: i, last_writer: profile, sts_token: profile + '-' + i });
     }`,
  );
  return script;
}

function run(script: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

describe('config.json write-back', () => {
  it('two processes writing concurrently lose no update, and readers never see a partial file', async () => {
    const file = await put(home, '.aliyun/config.json', initial());
    const script = await bundleWriter();
    let reads = 0;
    let broken = 0;
    let done = false;
    const reader = (async () => {
      while (!done) {
        try {
          JSON.parse(await readFile(file, 'utf8'));
        } catch {
          broken++;
        }
        reads++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const codes = await Promise.all([run(script, [file, 'a', String(ROUNDS)]), run(script, [file, 'b', String(ROUNDS)])]);
    done = true;
    await reader;
    expect(codes).toEqual([0, 0]);
    expect(broken).toBe(0);
    expect(reads).toBeGreaterThan(0);
    const config = await readConfig(file);
    expect(config.profiles.find((p) => p.name === 'a')).toMatchObject({ mode: 'OAuth', count_a: ROUNDS - 1, sts_token: `a-${ROUNDS - 1}` });
    expect(config.profiles.find((p) => p.name === 'b')).toMatchObject({ mode: 'External', count_b: ROUNDS - 1, sts_token: `b-${ROUNDS - 1}` });
    expect(config.current).toBe('a');
    expect(await readdir(path.dirname(file))).toEqual(['config.json']);
  });

  it('concurrent writers in one process take turns too', async () => {
    const file = await put(home, '.aliyun/config.json', initial());
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => updateCliProfile(file, i % 2 === 0 ? 'a' : 'b', { [`field_${i}`]: i })),
    );
    const config = await readConfig(file);
    const merged = { ...config.profiles[0], ...config.profiles[1] };
    for (let i = 0; i < 30; i++) expect(merged[`field_${i}`]).toBe(i);
  });

  it('keeps the file mode, and removes a stale lock left by a dead process', async () => {
    const file = await put(home, '.aliyun/config.json', initial(), 0o600);
    const { utimes, stat } = await import('node:fs/promises');
    const lock = await put(home, '.aliyun/config.json.lock', '99999\n');
    const old = new Date(Date.now() - 120_000);
    await utimes(lock, old, old);
    await updateCliProfile(file, 'a', { x: 1 }, { staleLockMs: 30_000 });
    expect((await readConfig(file)).profiles[0]).toMatchObject({ x: 1 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(path.dirname(file))).toEqual(['config.json']);
  });

  it('gives up on a live lock after the timeout, leaving the file untouched', async () => {
    const file = await put(home, '.aliyun/config.json', initial());
    await put(home, '.aliyun/config.json.lock', `${process.pid}\n`);
    await expect(updateCliProfile(file, 'a', { x: 1 }, { lockTimeoutMs: 100 })).rejects.toThrow(/timed out after 100 ms/);
    expect(await readFile(file, 'utf8')).toBe(initial());
  });

  it('a profile that disappeared is an error, and nothing is written', async () => {
    const file = await put(home, '.aliyun/config.json', initial());
    await expect(updateCliProfile(file, 'gone', { x: 1 })).rejects.toThrow(/no longer in/);
    expect(await readFile(file, 'utf8')).toBe(initial());
    expect(await readdir(path.dirname(file))).toEqual(['config.json']);
  });
});
