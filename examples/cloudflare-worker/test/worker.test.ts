// Runs src/worker.ts in workerd (miniflare) as Cloudflare would: bundled by esbuild with the `workerd`
// condition (so every @alicred package comes from its built dist/edge, without Node built-ins), no
// nodejs_compat. STS and OSS are the local emulator on 127.0.0.1.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { buildOssUrl, signOssRequest } from '@alicred/oss-signer';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
let emu: Emulator;
let script: string;

beforeAll(async () => {
  emu = await startEmulator();
  const result = await build({
    entryPoints: [path.join(here, '../src/worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  script = result.outputFiles[0]!.text;
});
afterAll(() => emu?.close());
beforeEach(() => emu.reset());

function bindings(): Record<string, string> {
  return {
    ALIBABA_CLOUD_ACCESS_KEY_ID: emu.seed.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: emu.seed.accessKeySecret,
    UPLOAD_ROLE_ARN: emu.seed.roleArn,
    OSS_REGION: 'cn-hangzhou',
    OSS_ENDPOINT: emu.url,
    OSS_BUCKET: emu.seed.bucket!,
    STS_ENDPOINT: emu.url,
  };
}

/** A fresh isolate: module state (the cached session) starts empty. */
async function worker(): Promise<Miniflare> {
  return new Miniflare({ modules: true, script, compatibilityDate: '2025-01-01', bindings: bindings() });
}

interface Grant {
  key: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  expiresAt: string;
}

describe('Cloudflare Worker: presigned uploads', () => {
  let mf: Miniflare;
  beforeAll(async () => {
    mf = await worker();
  });
  afterAll(() => mf?.dispose());

  it('hands out a URL the browser can upload to, signed with the role session', async () => {
    const res = await mf.dispatchFetch('http://worker/uploads?filename=hello.txt', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(201);
    const text = await res.text();
    // The long-term secret never leaves the Worker; the URL carries the session's token, as any STS URL must.
    expect(text).not.toContain(emu.seed.accessKeySecret);
    const grant = JSON.parse(text) as Grant;
    expect(grant.key).toMatch(/^uploads\/[0-9a-f-]{36}\/hello\.txt$/);
    const query = new URL(grant.url).searchParams;
    expect(query.get('x-oss-signature-version')).toBe('OSS4-HMAC-SHA256');
    expect(query.get('x-oss-credential')).toMatch(/^STS\./);
    expect(query.get('x-oss-security-token')).toBeTruthy();

    // What the browser does: PUT the file with exactly the signed headers.
    const put = await fetch(grant.url, { method: grant.method, headers: grant.headers, body: 'hello from the browser' });
    expect(put.status, await put.clone().text()).toBe(200);

    // Read it back with the owner's key to prove the object landed.
    const get = { method: 'GET', bucket: emu.seed.bucket!, key: grant.key };
    const owner = { accessKeyId: emu.seed.accessKeyId, accessKeySecret: emu.seed.accessKeySecret, providerName: 'test' };
    const { headers } = await signOssRequest(get, { credentials: owner, region: 'cn-hangzhou' });
    const stored = await fetch(buildOssUrl(emu.url, get), { headers });
    expect(await stored.text()).toBe('hello from the browser');
  });

  it('reuses the cached role session across requests in the isolate (one AssumeRole)', async () => {
    const grants = [];
    for (const name of ['a.txt', 'b.txt', 'c.txt']) {
      const res = await mf.dispatchFetch(`http://worker/uploads?filename=${name}`, { method: 'POST' });
      expect(res.status).toBe(201);
      grants.push((await res.json()) as Grant);
    }
    expect(new Set(grants.map((g) => g.key)).size).toBe(3);
    // The isolate has held a session since the first test, and emu.reset() cleared the log: no new AssumeRole.
    expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(0);
    expect(grants[0]!.headers['content-type']).toBe('application/octet-stream');
  });

  it('refuses what it should not sign', async () => {
    expect((await mf.dispatchFetch('http://worker/uploads?filename=hello.txt')).status).toBe(405);
    expect((await mf.dispatchFetch('http://worker/uploads?filename=../etc/passwd', { method: 'POST' })).status).toBe(400);
    expect((await mf.dispatchFetch('http://worker/elsewhere', { method: 'POST' })).status).toBe(404);
  });
});

describe('Cloudflare Worker: STS failures', () => {
  it('answers 503 without a secret when the role cannot be assumed, and recovers', async () => {
    const mf = await worker();
    try {
      emu.faults.add({ service: 'sts', action: 'AssumeRole', status: 403, times: 1 });
      const failed = await mf.dispatchFetch('http://worker/uploads?filename=x.txt', { method: 'POST' });
      expect(failed.status).toBe(503);
      expect(await failed.text()).not.toContain(emu.seed.accessKeySecret);
      expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(1);

      // Failures are not cached: the next request assumes the role again and succeeds.
      const ok = await mf.dispatchFetch('http://worker/uploads?filename=x.txt', { method: 'POST' });
      expect(ok.status).toBe(201);
      expect(emu.requests({ service: 'sts', action: 'AssumeRole' })).toHaveLength(2);
    } finally {
      await mf.dispose();
    }
  });
});
