import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCredentialsError } from '@alicred/core';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_METADATA_ENDPOINT, fromEcsMetadata } from './index';

// Where the provider would contact the real metadata address, these tests inject a fetch that records the
// URL and throws before any packet is sent; test/setup.ts also makes the global fetch refuse non-loopback.

const dirs: string[] = [];
function dmi(vendor?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'alicred-dmi-'));
  dirs.push(dir);
  if (vendor !== undefined) writeFileSync(join(dir, 'sys_vendor'), `${vendor}\n`);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function recordingFetch() {
  const urls: string[] = [];
  const fetch = (async (input: Parameters<typeof globalThis.fetch>[0]) => {
    urls.push(String(input));
    throw new TypeError('fetch failed (test: no network)');
  }) as typeof globalThis.fetch;
  return { fetch, urls };
}

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(isCredentialsError(error)).toBe(true);
  return error as Error & { code: string; tryNextLink: boolean };
}

describe('the real metadata address is never contacted by this suite', () => {
  it('the global fetch guard is installed and refuses 100.100.100.200', async () => {
    await expect(fetch(`${DEFAULT_METADATA_ENDPOINT}/latest/api/token`)).rejects.toThrow(/test guard/);
    const refused = (globalThis as { __refusedRequests?: string[] }).__refusedRequests;
    expect(refused).toEqual([`${DEFAULT_METADATA_ENDPOINT}/latest/api/token`]);
  });

  it('certainly not ECS (DMI vendor "Dell Inc."): NotConfigured, tryNextLink, no request at all', async () => {
    const { fetch, urls } = recordingFetch();
    const error = await rejection(fromEcsMetadata({ env: {}, fetch, dmiDirectory: dmi('Dell Inc.') })());
    expect(error.code).toBe('NotConfigured');
    expect(error.tryNextLink).toBe(true);
    expect(error.message).toMatch(/Dell Inc\..*ALIBABA_CLOUD_ECS_METADATA/);
    expect(urls).toEqual([]);
  });

  it('cannot tell (no DMI files): probes the default address; no answer → tryNextLink', async () => {
    const { fetch, urls } = recordingFetch();
    const error = await rejection(fromEcsMetadata({ env: {}, fetch, dmiDirectory: dmi(), retries: 0 })());
    expect(error.code).toBe('NetworkError');
    expect(error.tryNextLink).toBe(true);
    expect(error.message).toContain('probably not an ECS instance');
    expect(urls).toEqual(['http://100.100.100.200/latest/api/token', 'http://100.100.100.200/latest/meta-data/ram/security-credentials/']);
  });

  it('ALIBABA_CLOUD_ECS_METADATA overrides the DMI verdict, and its failures are final', async () => {
    const { fetch, urls } = recordingFetch();
    const error = await rejection(
      fromEcsMetadata({ env: { ALIBABA_CLOUD_ECS_METADATA: 'my-role' }, fetch, dmiDirectory: dmi('Dell Inc.'), retries: 0 })(),
    );
    expect(error.tryNextLink).toBe(false);
    expect(urls.at(-1)).toBe('http://100.100.100.200/latest/meta-data/ram/security-credentials/my-role');
  });

  it('the DMI files are read once per provider', async () => {
    const dir = dmi('Dell Inc.');
    const provider = fromEcsMetadata({ env: {}, fetch: recordingFetch().fetch, dmiDirectory: dir });
    await rejection(provider());
    writeFileSync(join(dir, 'sys_vendor'), 'Alibaba Cloud\n');
    expect((await rejection(provider())).code).toBe('NotConfigured');
  });
});

describe('options', () => {
  it.each([
    [{ timeoutMs: 0 }, /timeoutMs/],
    [{ retries: 9 }, /retries/],
    [{ tokenTtlSeconds: 21_601 }, /tokenTtlSeconds/],
    [{ roleName: 'a/b' }, /role name/],
  ])('refuses %j at construction', (init, message) => {
    expect(() => fromEcsMetadata(init)).toThrow(message);
  });
});
