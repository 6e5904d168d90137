import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';

/**
 * PKCS#12 flavours of a ClientKey:
 * - `legacy-3des`: 3DES key bag and cert bag, SHA-1 MAC. What real ClientKeys are (the official Go
 *   client's x/crypto/pkcs12 reads nothing else); the default.
 * - `legacy-rc2`: 3DES key bag, RC2-40 cert bag, SHA-1 MAC (OpenSSL 1.x's default output).
 * - `aes`: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), SHA-256 MAC (OpenSSL 3's default output).
 */
export type ClientKeyFormat = 'legacy-3des' | 'legacy-rc2' | 'aes';

export interface GenerateClientKeyOptions {
  /** Default: `KAAP.<random uuid>`. */
  keyId?: string;
  /** PKCS#12 password. Default: 24 random characters. */
  password?: string;
  format?: ClientKeyFormat;
  /** When set, also writes `clientKey_<KeyId>.json` and `clientKey_<KeyId>_Password.txt` there, as the console does. */
  dir?: string;
  /** The openssl binary; default `openssl` from PATH. */
  openssl?: string;
}

/** A generated test ClientKey. Test-only material: never use it for anything real. */
export interface GeneratedClientKey {
  keyId: string;
  format: ClientKeyFormat;
  /** The content of `clientKey_<KeyId>.json`. */
  clientKey: { KeyId: string; PrivateKeyData: string };
  /** `JSON.stringify(clientKey)`. */
  clientKeyJson: string;
  password: string;
  /** The RSA-2048 private key as PKCS#8 PEM (what a client extracts from the PKCS#12). */
  privateKeyPem: string;
  /** Register this in the emulator config: `kms.clientKeys: [{ keyId, publicKeyPem }]`. */
  publicKeyPem: string;
  certificatePem: string;
  /** Paths written when `dir` was given. */
  files?: { clientKeyFile: string; passwordFile: string };
}

const PKCS12_ARGS: Record<ClientKeyFormat, string[]> = {
  'legacy-3des': ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'],
  'legacy-rc2': ['-legacy'],
  aes: ['-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC', '-macalg', 'sha256'],
};

/**
 * Generates a test ClientKey (an AAP Application Access Secret): an RSA-2048 key and a self-signed
 * certificate wrapped in a password-protected PKCS#12, base64 in `PrivateKeyData`, plus the password and
 * the public key to register with the emulator's KMS gateway. Uses the `openssl` command line (3.x); the
 * key itself comes from node:crypto. The password reaches openssl through the child's environment, never
 * its argv. `inspect` and `JSON.stringify` of the result show neither the password nor the private key.
 *
 * @example
 * const ck = generateClientKey({ keyId: 'KAAP.00000000-0000-4000-8000-000000000000' });
 * const emulator = await startEmulator({ config: { kms: { clientKeys: [{ keyId: ck.keyId, publicKeyPem: ck.publicKeyPem }] } } });
 */
export function generateClientKey(options: GenerateClientKeyOptions = {}): GeneratedClientKey {
  const keyId = options.keyId ?? `KAAP.${randomUUID()}`;
  const password = options.password ?? randomBytes(18).toString('base64url');
  const format = options.format ?? 'legacy-3des';
  const openssl = options.openssl ?? 'openssl';
  if (!PKCS12_ARGS[format]) throw new Error(`Unknown ClientKey format "${String(format)}": use legacy-3des, legacy-rc2 or aes.`);

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();

  const work = mkdtempSync(join(tmpdir(), 'alicred-clientkey-'));
  try {
    const keyFile = join(work, 'key.pem');
    const certFile = join(work, 'cert.pem');
    const p12File = join(work, 'clientkey.p12');
    writeFileSync(keyFile, privateKeyPem, { mode: 0o600 });
    const run = (args: string[]) => {
      const result = spawnSync(openssl, args, {
        env: { ...process.env, ALICRED_CLIENTKEY_PASSWORD: password },
        encoding: 'utf8',
        timeout: 30_000,
      });
      if (result.error) {
        throw new Error(
          `generateClientKey needs the openssl command line (tried "${openssl}"): ${result.error.message}. ` +
            'Install OpenSSL 3 or pass options.openssl.',
        );
      }
      if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr.trim().split('\n')[0] ?? ''}`);
    };
    run(['req', '-x509', '-new', '-key', keyFile, '-out', certFile, '-days', '1825', '-sha256', '-subj', `/CN=${keyId}`]);
    run([
      'pkcs12', '-export', '-inkey', keyFile, '-in', certFile, '-out', p12File,
      '-passout', 'env:ALICRED_CLIENTKEY_PASSWORD', '-name', keyId, ...PKCS12_ARGS[format],
    ]);
    const certificatePem = readFileSync(certFile, 'utf8');
    const clientKey = { KeyId: keyId, PrivateKeyData: readFileSync(p12File).toString('base64') };
    const clientKeyJson = JSON.stringify(clientKey);
    let files: GeneratedClientKey['files'];
    if (options.dir) {
      files = {
        clientKeyFile: join(options.dir, `clientKey_${keyId}.json`),
        passwordFile: join(options.dir, `clientKey_${keyId}_Password.txt`),
      };
      writeFileSync(files.clientKeyFile, clientKeyJson, { mode: 0o600 });
      writeFileSync(files.passwordFile, password, { mode: 0o600 });
    }
    const result: GeneratedClientKey = {
      keyId, format, clientKey, clientKeyJson, password, privateKeyPem, publicKeyPem, certificatePem, files,
    };
    const safe = () => ({ keyId, format, publicKeyPem, files, password: '<redacted>', privateKeyPem: '<redacted>' });
    Object.defineProperty(result, 'toJSON', { value: safe, enumerable: false });
    Object.defineProperty(result, inspect.custom, { value: () => safe(), enumerable: false });
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
