// The README's examples are the files in examples/, quoted verbatim; here they run against the emulator.
import { readFileSync } from 'node:fs';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { fromStatic } from '@alicred/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = (name: string) => readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8');

let emu: Emulator;
let env: Record<string, string>;
beforeAll(async () => {
  emu = await startEmulator();
  env = {
    ALIBABA_CLOUD_ACCESS_KEY_ID: emu.seed.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: emu.seed.accessKeySecret,
    OSS_ENDPOINT: emu.url,
    OSS_BUCKET: emu.seed.bucket!,
  };
});
afterAll(() => emu?.close());

describe('README examples', () => {
  it.each(['node.ts', 'worker.ts', 'browser.ts'])('README quotes examples/%s verbatim', (name) => {
    expect(readme).toContain('```ts\n' + example(name) + '```');
  });

  it('Node: uploads with a signed Authorization header', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const { upload } = await import('../examples/node');
      const res = await upload('readme/node.txt', 'from node');
      expect(res.status).toBe(200);
    } finally {
      process.env = saved;
    }
  });

  it('Worker: redirects to a presigned URL the emulator serves', async () => {
    const { upload } = await (async () => {
      Object.assign(process.env, env);
      return import('../examples/node');
    })();
    await upload('readme/worker file.txt', 'from worker');
    const worker = (await import('../examples/worker')).default;
    const res = await worker.fetch(new Request('https://worker.example/readme/worker%20file.txt'), env as { OSS_ENDPOINT: string; OSS_BUCKET: string });
    expect(res.status).toBe(302);
    const got = await fetch(res.headers.get('location')!);
    expect(await got.text()).toBe('from worker');
  });

  it('Browser: uploads a Blob with a presigned PUT URL and its signed headers', async () => {
    const { createUploadGrant, uploadFile } = await import('../examples/browser');
    const credentials = fromStatic({ accessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID!, accessKeySecret: env.ALIBABA_CLOUD_ACCESS_KEY_SECRET! });
    const grant = await createUploadGrant(credentials, emu.url, env.OSS_BUCKET!, 'readme/upload.bin', 'application/octet-stream');
    expect(grant.headers).toEqual({ 'content-type': 'application/octet-stream' });
    await uploadFile(new Blob(['browser bytes'], { type: 'application/octet-stream' }), JSON.parse(JSON.stringify(grant)));
    const stored = emu.requests({ service: 'oss', action: 'PutObject' });
    expect(stored.length).toBeGreaterThan(0);
  });
});
