import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromCliProfile } from '../src/index';
import { printed, put, readConfig, rejection, tempHome } from './helpers';

const SECRET = 'external-secret-55aa';
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

let home: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ home, cleanup } = await tempHome());
});
afterEach(() => cleanup());

/** A real credential helper: a Node script run by this Node binary, without a shell. */
async function helper(source: string): Promise<string> {
  return put(home, 'bin/helper.mjs', source, 0o700);
}
const q = (s: string) => `"${s.replace(/(["\\$`])/g, '\\$1')}"`;

async function configure(command: string, extra: Record<string, unknown> = {}): Promise<string> {
  return put(
    home,
    '.aliyun/config.json',
    JSON.stringify({ current: 'ext', profiles: [{ name: 'ext', mode: 'External', process_command: command, ...extra }] }, null, 4),
  );
}

describe('External (process_command)', () => {
  it('runs the command without a shell, passes quoted arguments intact, and writes STS back', async () => {
    const expiration = iso(Date.now() + 3_600_000);
    const script = await helper(`
      const args = process.argv.slice(2);
      process.stdout.write(JSON.stringify({
        mode: 'StsToken', access_key_id: 'STS.ext:' + args.join('|'), access_key_secret: ${JSON.stringify(SECRET)},
        sts_token: 'ext-token', expiration: ${JSON.stringify(expiration)},
      }));
    `);
    const file = await configure(`${q(process.execPath)} ${q(script)} "two words" '$HOME' plain\\ space ; echo`);
    const creds = await fromCliProfile({ homeDir: home, env: {} })();
    // No shell: $HOME is not expanded and `;` is just an argument.
    expect(creds.accessKeyId).toBe('STS.ext:two words|$HOME|plain space|;|echo');
    expect(creds).toMatchObject({ accessKeySecret: SECRET, securityToken: 'ext-token' });
    expect(iso(creds.expiration!.getTime())).toBe(expiration);
    const saved = (await readConfig(file)).profiles[0];
    expect(saved).toMatchObject({ access_key_id: creds.accessKeyId, access_key_secret: SECRET, sts_token: 'ext-token', sts_expiration: Math.floor(creds.expiration!.getTime() / 1000) });
    expect(saved?.process_command).toContain('helper.mjs');
  });

  it('caches the result: AK output (no expiration) runs the command once until forceRefresh', async () => {
    const counter = path.join(home, 'count.txt');
    const script = await helper(`
      import { appendFileSync } from 'node:fs';
      appendFileSync(${JSON.stringify(counter)}, 'x');
      process.stdout.write(JSON.stringify({ mode: 'AK', access_key_id: 'LTAI-ext', access_key_secret: 's' }));
    `);
    await configure(`${q(process.execPath)} ${q(script)}`);
    const provider = fromCliProfile({ homeDir: home, env: {} });
    const creds = await provider();
    expect(creds.securityToken).toBeUndefined();
    expect(creds.expiration).toBeUndefined();
    await Promise.all([provider(), provider(), provider()]);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(counter, 'utf8')).toBe('x');
    await provider({ forceRefresh: true });
    expect(await readFile(counter, 'utf8')).toBe('xx');
  });

  it('reuses STS saved by an earlier run instead of running the command', async () => {
    const counter = path.join(home, 'never.txt');
    const script = await helper(`import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(counter)}, 'ran');`);
    await configure(`${q(process.execPath)} ${q(script)}`, {
      access_key_id: 'STS.saved',
      access_key_secret: 'saved-secret',
      sts_token: 'saved-token',
      sts_expiration: Math.floor(Date.now() / 1000) + 3600,
    });
    expect((await fromCliProfile({ homeDir: home, env: {} })()).accessKeyId).toBe('STS.saved');
    const { existsSync } = await import('node:fs');
    expect(existsSync(counter)).toBe(false);
  });

  const failures: [string, string, RegExp, string][] = [
    ['non-zero exit', `process.stdout.write(${JSON.stringify(SECRET)}); process.exit(3);`, /process_command \(\S+\) exited with code 3; run it yourself/, 'ProcessFailed'],
    ['output that is not JSON', `process.stdout.write('access_key_secret=' + ${JSON.stringify(SECRET)});`, /printed \d+ characters that are not JSON/, 'InvalidResponse'],
    ['a wrong mode', `process.stdout.write(JSON.stringify({ mode: 'Magic', access_key_secret: ${JSON.stringify(SECRET)} }));`, /no "mode" of "AK" or "StsToken"/, 'InvalidResponse'],
    ['StsToken without token', `process.stdout.write(JSON.stringify({ mode: 'StsToken', access_key_id: 'a', access_key_secret: ${JSON.stringify(SECRET)} }));`, /mode StsToken without sts_token/, 'InvalidResponse'],
    ['expired output', `process.stdout.write(JSON.stringify({ mode: 'AK', access_key_id: 'a', access_key_secret: ${JSON.stringify(SECRET)}, expiration: '2001-01-01T00:00:00Z' }));`, /expired at 2001-01-01/, 'Expired'],
  ];
  it.each(failures)('%s → a clear error without the output', async (_name, source, message, code) => {
    const script = await helper(source);
    await configure(`${q(process.execPath)} ${q(script)}`);
    const error = await rejection(fromCliProfile({ homeDir: home, env: {} })());
    expect(error).toMatchObject({ code, tryNextLink: false, provider: 'cli-profile' });
    expect(error.message).toMatch(message);
    expect(printed(error)).not.toContain(SECRET);
  });

  it('kills a command that outlives the time limit', async () => {
    const script = await helper('setTimeout(() => {}, 60_000);');
    await configure(`${q(process.execPath)} ${q(script)}`);
    const error = await rejection(fromCliProfile({ homeDir: home, env: {}, processTimeoutMs: 300 })());
    expect(error).toMatchObject({ code: 'ProcessFailed' });
    expect(error.message).toContain('did not finish within 0.3 s and was killed');
  });

  it('a program that does not exist', async () => {
    await configure(path.join(home, 'bin', 'missing-helper'));
    const error = await rejection(fromCliProfile({ homeDir: home, env: {} })());
    expect(error).toMatchObject({ code: 'ProcessFailed' });
    expect(error.message).toContain('(missing-helper) could not be started (ENOENT)');
  });
});
