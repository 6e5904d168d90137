import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectEcsPlatform } from './ecs-detect-node';
import { detectEcsPlatform as detectOnWeb } from './ecs-detect-web';
import { classifyDmi } from './platform-verdict';

describe('classifyDmi: the "certainly not ECS" rule', () => {
  it.each([
    ['Alibaba Cloud', 'Alibaba Cloud ECS', 'yes'],
    ['Xen', 'Alibaba Cloud ECS', 'yes'],
    ['Xen', 'HVM domU', 'unknown'],
    ['QEMU', 'Standard PC (i440FX + PIIX, 1996)', 'unknown'],
    ['To be filled by O.E.M.', undefined, 'unknown'],
    ['', '', 'unknown'],
    [undefined, undefined, 'unknown'],
    [undefined, 'Some Board', 'unknown'],
    ['Amazon EC2', 'm5.large', 'no'],
    ['Google', 'Google Compute Engine', 'no'],
    ['Microsoft Corporation', 'Virtual Machine', 'no'],
    ['Dell Inc.', 'XPS 13 9310', 'no'],
    ['LENOVO', '20XW0055GE', 'no'],
  ] as const)('sys_vendor %j, product_name %j → %s', (vendor, product, verdict) => {
    expect(classifyDmi(vendor, product).onEcs).toBe(verdict);
  });

  it('says why, quoting the vendor', () => {
    expect(classifyDmi('Amazon EC2', undefined).reason).toContain('"Amazon EC2"');
  });
});

describe('detectEcsPlatform (Node): reads the DMI files of the given directory', () => {
  const dirs: string[] = [];
  const dmi = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'alicred-dmi-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('an ECS instance', async () => {
    expect((await detectEcsPlatform(dmi({ sys_vendor: 'Alibaba Cloud\n', product_name: 'Alibaba Cloud ECS\n' }))).onEcs).toBe('yes');
  });
  it('a laptop', async () => {
    expect((await detectEcsPlatform(dmi({ sys_vendor: 'Dell Inc.\n', product_name: 'XPS 13\n' }))).onEcs).toBe('no');
  });
  it('no files: cannot tell', async () => {
    expect((await detectEcsPlatform(dmi({}))).onEcs).toBe('unknown');
    expect((await detectEcsPlatform(join(tmpdir(), 'alicred-no-such-dir'))).onEcs).toBe('unknown');
  });
});

describe('detectEcsPlatform (web twin)', () => {
  it('Node, Deno and Bun may run on ECS: cannot tell without files', async () => {
    expect((await detectOnWeb()).onEcs).toBe('unknown');
  });
  it('workerd never runs on ECS', async () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'Cloudflare-Workers' }, configurable: true });
    try {
      expect(await detectOnWeb()).toMatchObject({ onEcs: 'no', reason: expect.stringContaining('workerd') });
    } finally {
      if (saved) Object.defineProperty(globalThis, 'navigator', saved);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
  });
});
