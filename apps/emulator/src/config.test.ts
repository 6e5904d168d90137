import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig, EmulatorConfigError, loadConfigFile, resolveConfig, startEmulator } from './index';

describe('config', () => {
  it('the default seed is valid', () => {
    expect(() => resolveConfig()).not.toThrow();
    expect(defaultConfig().roles.length).toBeGreaterThanOrEqual(4);
  });

  it('merges objects field by field and replaces lists', () => {
    const c = resolveConfig({ ecs: { mode: 'v2-required' }, region: 'cn-shanghai' });
    expect(c.ecs).toMatchObject({ mode: 'v2-required', roleName: 'emulator-ecs-role' });
    expect(c.region).toBe('cn-shanghai');
  });

  it('reports every problem with its path', () => {
    try {
      resolveConfig({
        roles: [{ arn: 'nope', maxSessionDuration: 100, trustedPrincipals: [] }],
        ecs: { mode: 'v3' as never },
        oss: { buckets: [{ name: 'Bad_Bucket', accountId: '999' }] },
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EmulatorConfigError);
      const problems = (e as EmulatorConfigError).problems.join('\n');
      expect(problems).toContain('roles[0].arn');
      expect(problems).toContain('roles[0].maxSessionDuration');
      expect(problems).toContain('ecs.mode');
      expect(problems).toContain('oss.buckets[0].name');
      expect(problems).toContain('oss.buckets[0].accountId');
    }
  });

  it('refuses duplicate AccessKey ids and bad JSON files, naming the file', () => {
    const dup = { accessKeyId: 'LTAI5tEmulatorDefaultUser', accessKeySecret: 'x' };
    expect(() => resolveConfig({ accessKeys: [dup] })).toThrow(/defined twice/);
    const dir = mkdtempSync(path.join(tmpdir(), 'emu-config-'));
    try {
      writeFileSync(path.join(dir, 'bad.json'), '{ nope');
      expect(() => loadConfigFile(path.join(dir, 'bad.json'))).toThrow(/bad\.json.*\n.*not valid JSON/);
      writeFileSync(path.join(dir, 'ok.json'), JSON.stringify({ region: 'eu-central-1' }));
      expect(loadConfigFile(path.join(dir, 'ok.json')).region).toBe('eu-central-1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a non-loopback host prints a warning', async () => {
    const warnings: string[] = [];
    const emu = await startEmulator({ host: '127.0.0.2', warn: (m) => warnings.push(m) }).catch(() => undefined);
    await emu?.close();
    // 127.0.0.2 is still loopback on Linux, but the emulator only trusts the exact names it knows.
    expect(warnings.join('')).toMatch(/not loopback/);
  });
});
