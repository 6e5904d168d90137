import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCli } from './run';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('alicred-emulator CLI', () => {
  it('parses --port, --now, --tls, --host and --config', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emu-cli-'));
    try {
      writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ region: 'cn-beijing' }));
      const o = parseCli(['--port', '0', '--now', '2024-01-01T00:00:00Z', '--tls', '--host', '::1', '--config', path.join(dir, 'c.json')]);
      expect(o).toMatchObject({ port: 0, tls: true, host: '::1', config: { region: 'cn-beijing' } });
      expect((o as { now: Date }).now.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad values with a clear message', () => {
    expect(() => parseCli(['--port', 'eighty'])).toThrow(/--port must be a port number/);
    expect(() => parseCli(['--now', 'yesterday'])).toThrow(/--now must be an ISO date/);
    expect(() => parseCli(['--bogus'])).toThrow();
  });

  it('starts, prints its URL as the first line, serves, and stops on SIGTERM', async () => {
    // Bundle the bin from source with the workspace's esbuild (no build step needed), then run it with node.
    const dir = mkdtempSync(path.join(tmpdir(), 'emu-cli-bin-'));
    const out = path.join(dir, 'cli.mjs');
    const esbuild = path.join(pkgDir, '../../node_modules/.bin/esbuild');
    await promisify(execFile)(esbuild, ['src/bin/cli.ts', '--bundle', '--platform=node', '--format=esm', `--outfile=${out}`, '--log-level=error'], {
      cwd: pkgDir,
    });
    const child = spawn(process.execPath, [out, '--port', '0', '--now', '2024-01-01T00:00:00Z'], { cwd: pkgDir, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (c: Buffer) => {
          buf += c.toString();
          const nl = buf.indexOf('\n');
          if (nl !== -1) resolve(buf.slice(0, nl));
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const { url } = JSON.parse(first) as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const r = await fetch(`${url}/credentials`);
      expect(r.status).toBe(200);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
