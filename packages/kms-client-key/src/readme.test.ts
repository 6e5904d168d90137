import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClientKey, startEmulator } from '@alicred/emulator';
import { afterEach, expect, it } from 'vitest';
import { readClientKey } from './index';

const saved = { ...process.env };
afterEach(() => {
  process.env = saved;
});

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const quoted = (file: string) => expect(readme).toContain('```ts\n' + readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8') + '```');

async function withEmulator(run: (ctx: { url: string; bucket: string; files: { clientKeyFile: string; passwordFile: string } }) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'kms-readme-'));
  const ck = generateClientKey({ dir });
  const emulator = await startEmulator({
    config: {
      kms: {
        clientKeys: [{ keyId: ck.keyId, publicKeyPem: ck.publicKeyPem }],
        secrets: [{ name: 'acs/ram/user/app', type: 'RAMCredentials', userName: 'kms-rotated-user' }],
      },
    },
  });
  try {
    await run({ url: emulator.url, bucket: emulator.seed.bucket!, files: ck.files! });
    expect(emulator.requests({ service: 'kms' })).toHaveLength(1);
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

it('the Node example is examples/readme.ts verbatim, and it uploads to OSS with the rotated key', async () => {
  quoted('readme.ts');
  await withEmulator(async ({ url, bucket, files }) => {
    process.env = { ...saved, KMS_CLIENT_KEY_FILE: files.clientKeyFile, KMS_CLIENT_KEY_PASSWORD_FILE: files.passwordFile, KMS_ENDPOINT: url };
    const { upload } = await import('../examples/readme');
    expect(await upload(url, bucket, 'readme.txt', 'hello')).toBe(200);
  });
});

it('the Worker example is examples/worker.ts verbatim, and it works with a key converted by readClientKey', async () => {
  quoted('worker.ts');
  await withEmulator(async ({ url, files }) => {
    const { keyId, privateKeyPem } = await readClientKey(files);
    const worker = (await import('../examples/worker')).default;
    const env = { KMS_CLIENT_KEY_ID: keyId, KMS_PRIVATE_KEY_PEM: privateKeyPem, KMS_ENDPOINT: url };
    const res = await worker.fetch(new Request('http://worker.local/'), env);
    expect(await res.text()).toBe('signing with LTAI****');
    await worker.fetch(new Request('http://worker.local/'), env);
  });
});
