import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClientKey, startEmulator, type Emulator, type GeneratedClientKey } from '@alicred/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromConfig } from '../src/index';

// kms_client_key through fromConfig: @alicred/kms-client-key imported on first use, against the emulator's
// KMS shared gateway (which verifies the SHA256withRSA signature).
const SECRET = 'acs/ram/user/app';
let emu: Emulator;
let dir: string;
let key: GeneratedClientKey;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'alicred-chain-kms-'));
  key = generateClientKey({ dir });
  emu = await startEmulator({
    config: {
      kms: {
        clientKeys: [{ keyId: key.keyId, publicKeyPem: key.publicKeyPem }],
        secrets: [{ name: SECRET, type: 'RAMCredentials', userName: 'kms-rotated-user', rotationSeconds: 3600, graceSeconds: 600 }],
      },
    },
  });
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('kms_client_key with the official secrets-manager key names (snake_case), reportInvalid passed through', async () => {
  const provider = fromConfig({
    type: 'kms_client_key',
    client_key_private_key_path: key.files!.clientKeyFile,
    client_key_password_from_file_path: key.files!.passwordFile,
    cache_client_region_id: 'cn-hangzhou',
    kms_endpoint: emu.url,
    secret_name: SECRET,
    env: {},
  });
  expect(emu.requests({ service: 'kms' })).toHaveLength(0); // nothing happens before the first call
  const credentials = await provider();
  expect(credentials.providerName).toBe('kms-client-key');
  expect(credentials.accessKeyId.length).toBeGreaterThan(0);
  expect(emu.requests({ service: 'kms', action: 'GetSecretValue' })).toHaveLength(1);
  expect(await provider()).toBe(credentials);
  expect(typeof provider.reportInvalid).toBe('function');
  // Reporting a key the provider no longer holds: it already has a different one.
  expect(await provider.reportInvalid('not-the-current-key')).toBe(true);
});

it('kms_client_key (camelCase) with a wrong password file fails on first use with the package\'s error', async () => {
  const provider = fromConfig({
    type: 'kms_client_key',
    clientKeyFile: key.files!.clientKeyFile,
    clientKeyPassword: 'wrong-password',
    kmsRegionId: 'cn-hangzhou',
    kmsEndpoint: emu.url,
    secretName: SECRET,
    env: {},
  });
  const error = await provider().then(
    () => undefined,
    (e: unknown) => e as { code: string; tryNextLink: boolean; message: string },
  );
  expect(error?.tryNextLink).toBe(false);
  expect(error?.message).not.toContain('wrong-password');
});
