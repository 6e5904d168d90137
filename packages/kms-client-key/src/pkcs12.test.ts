import { spawnSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClientKey, type ClientKeyFormat } from '@alicred/emulator';
import { isCredentialsError } from '@alicred/core';
import { describe, expect, it } from 'vitest';
import { decryptPkcs12, readPkcs12 } from './pkcs12-node';

const PASSWORD = 'pässwörd-€-test';

/** A PKCS#12 made by the openssl CLI with extra `args` (test-only key; the password goes through env). */
function opensslP12(args: string[], password = PASSWORD): { der: Uint8Array; pkcs8: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'kms-ck-test-'));
  try {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = join(dir, 'key.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const env = { ...process.env, P12_PASSWORD: password };
    const run = (a: string[]) => {
      const r = spawnSync('openssl', a, { env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`openssl ${a[0]}: ${r.stderr}`);
    };
    run(['req', '-x509', '-new', '-key', keyFile, '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=KAAP.test']);
    run(['pkcs12', '-export', '-inkey', keyFile, '-in', join(dir, 'cert.pem'), '-out', join(dir, 'ck.p12'), '-passout', 'env:P12_PASSWORD', ...args]);
    return { der: new Uint8Array(readFileSync(join(dir, 'ck.p12'))), pkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(isCredentialsError(error)).toBe(true);
    expect(String((error as Error).message)).not.toContain(PASSWORD);
    return (error as { code: string }).code;
  }
  throw new Error('expected an error');
}

describe('decryptPkcs12 on ClientKeys from the emulator generator', () => {
  it.each<ClientKeyFormat>(['legacy-3des', 'legacy-rc2', 'aes'])('%s: returns the same RSA key as PKCS#8', (format) => {
    const ck = generateClientKey({ format, password: PASSWORD });
    const pkcs8 = decryptPkcs12(Buffer.from(ck.clientKey.PrivateKeyData, 'base64'), PASSWORD);
    const expected = createPrivateKey(ck.privateKeyPem).export({ type: 'pkcs8', format: 'der' });
    expect(Buffer.from(pkcs8).equals(expected)).toBe(true);
    expect(codeOf(() => decryptPkcs12(Buffer.from(ck.clientKey.PrivateKeyData, 'base64'), `${PASSWORD}x`))).toBe('WrongPassword');
  });

  it('legacy-rc2: the RC2-40 certificate bag decrypts too', () => {
    const ck = generateClientKey({ format: 'legacy-rc2', password: PASSWORD });
    const contents = readPkcs12(Buffer.from(ck.clientKey.PrivateKeyData, 'base64'), PASSWORD, { decryptAll: true });
    expect(contents.certificates).toBe(1);
    expect(contents.privateKeys).toHaveLength(1);
    // Without decryptAll the RC2 bag is never opened (the key sits in the plain data bag).
    expect(readPkcs12(Buffer.from(ck.clientKey.PrivateKeyData, 'base64'), PASSWORD).certificates).toBe(0);
  });
});

describe('decryptPkcs12 on other algorithm mixes (openssl)', () => {
  const cases: Array<[string, string[]]> = [
    ['RC2-40 key bag', ['-legacy', '-keypbe', 'PBE-SHA1-RC2-40']],
    ['RC2-128 key bag', ['-legacy', '-keypbe', 'PBE-SHA1-RC2-128']],
    ['2-key 3DES key bag', ['-legacy', '-keypbe', 'PBE-SHA1-2DES']],
    ['plain key bag inside an encrypted SafeContents', ['-keypbe', 'NONE', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']],
    ['PBES2 AES-128 with SHA-512 MAC', ['-keypbe', 'AES-128-CBC', '-certpbe', 'AES-128-CBC', '-macalg', 'sha512']],
  ];
  it.each(cases)('%s', (_name, args) => {
    const { der, pkcs8 } = opensslP12(args);
    expect(Buffer.from(decryptPkcs12(der, PASSWORD)).equals(pkcs8)).toBe(true);
  });

  it('no MAC: a wrong password is still WrongPassword', () => {
    const { der, pkcs8 } = opensslP12(['-nomac', '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES']);
    expect(Buffer.from(decryptPkcs12(der, PASSWORD)).equals(pkcs8)).toBe(true);
    expect(codeOf(() => decryptPkcs12(der, 'not-the-password'))).toBe('WrongPassword');
  });

  it('an empty password works', () => {
    const { der, pkcs8 } = opensslP12(['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'], '');
    expect(Buffer.from(decryptPkcs12(der, '')).equals(pkcs8)).toBe(true);
  });
});

describe('decryptPkcs12 on broken input', () => {
  const ck = generateClientKey({ password: PASSWORD });
  const der = new Uint8Array(Buffer.from(ck.clientKey.PrivateKeyData, 'base64'));

  it('truncated, garbage, empty and flipped files are InvalidClientKey or WrongPassword, never a crash', () => {
    expect(codeOf(() => decryptPkcs12(der.subarray(0, der.length - 10), PASSWORD))).toBe('InvalidClientKey');
    expect(codeOf(() => decryptPkcs12(new Uint8Array([1, 2, 3, 4]), PASSWORD))).toBe('InvalidClientKey');
    expect(codeOf(() => decryptPkcs12(new Uint8Array(0), PASSWORD))).toBe('InvalidClientKey');
    const flipped = new Uint8Array(der);
    flipped[Math.floor(flipped.length / 2)]! ^= 0x01;
    expect(['InvalidClientKey', 'WrongPassword']).toContain(codeOf(() => decryptPkcs12(flipped, PASSWORD)));
  });

  it('a seeded run of random byte flips never throws anything but a CredentialsError', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 200; n += 1) {
      const copy = new Uint8Array(der);
      for (let k = 0; k < 3; k += 1) copy[next() % copy.length] = next() % 256;
      try {
        decryptPkcs12(copy, PASSWORD);
      } catch (error) {
        expect(isCredentialsError(error), String(error)).toBe(true);
      }
    }
  });
});
