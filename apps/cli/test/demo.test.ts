import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo';
import { MemoryStream } from './helpers';

describe('demo', () => {
  it('resolves a row per source against the emulator and completes the OSS round trip', async () => {
    const stdout = new MemoryStream();
    const result = await runDemo({ stdout, env: { NO_COLOR: '1' } });
    const text = stdout.text;
    expect(result.rows.map((r) => r.source)).toEqual([
      'env',
      'ini profile',
      'cli profile (RamRoleArn)',
      'ram role chain (AK → role → role)',
      'oidc (RRSA token file)',
      'ecs metadata (IMDSv2)',
      'credentials uri',
      'kms client key',
      'default chain (→ cli-profile)',
      'fc context',
      'bearer token',
    ]);
    for (const row of result.rows) {
      expect(row.status === 'ok' || row.status === 'skipped', `${row.source}: ${row.note}`).toBe(true);
      expect(text).toContain(row.source);
    }
    expect(result.rows.find((r) => r.source.startsWith('ram role chain'))?.upstreamCalls).toBe(2);
    expect(result.rows.find((r) => r.source === 'env')?.upstreamCalls).toBe(0);
    const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
    expect(result.rows.find((r) => r.source === 'kms client key')?.status).toBe(hasOpenssl ? 'ok' : 'skipped');
    expect(result.rows.filter((r) => r.status === 'ok').length).toBeGreaterThanOrEqual(10);
    expect(result.oss.map((s) => s.ok)).toEqual([true, true, true]);
    expect(result.ok).toBe(true);
    expect(text).toMatch(/demo passed/);
    expect(result.emulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:/);
    // Only redacted ids in the output: no seed secret.
    expect(text).not.toContain('EmulatorDefaultUserSecret');
  });

  it('without openssl the KMS row is skipped with the reason, and the demo still passes', async () => {
    const stdout = new MemoryStream();
    const result = await runDemo({ stdout, env: { NO_COLOR: '1' }, openssl: '/nonexistent/openssl' });
    const kms = result.rows.find((r) => r.source === 'kms client key');
    expect(kms?.status).toBe('skipped');
    expect(kms?.note).toMatch(/openssl/);
    expect(result.ok).toBe(true);
  });
});
