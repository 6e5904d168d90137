import { spawnSync } from 'node:child_process';
import { createSign, createVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { generateClientKey, type ClientKeyFormat } from './kms-client-key';

const work = mkdtempSync(join(tmpdir(), 'alicred-ck-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What `openssl pkcs12 -info` reports, and the private key it extracts, using the generated password. */
function opensslRead(p12Base64: string, password: string, legacy: boolean) {
  const file = join(work, `ck-${Math.random().toString(36).slice(2)}.p12`);
  writeFileSync(file, Buffer.from(p12Base64, 'base64'));
  const env = { ...process.env, CKPW: password };
  const extra = legacy ? ['-legacy'] : [];
  const info = spawnSync('openssl', ['pkcs12', '-info', '-noout', '-in', file, '-passin', 'env:CKPW', ...extra], { env, encoding: 'utf8' });
  const key = spawnSync('openssl', ['pkcs12', '-in', file, '-nocerts', '-nodes', '-passin', 'env:CKPW', ...extra], { env, encoding: 'utf8' });
  const wrong = spawnSync('openssl', ['pkcs12', '-info', '-noout', '-in', file, '-passin', 'pass:wrong', ...extra], { encoding: 'utf8' });
  return { info: info.stderr + info.stdout, keyPem: key.stdout, wrongStatus: wrong.status };
}

const expectations: Record<ClientKeyFormat, string[]> = {
  'legacy-3des': ['MAC: sha1', 'Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC', 'PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC'],
  'legacy-rc2': ['MAC: sha1', 'Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC', 'PKCS7 Encrypted data: pbeWithSHA1And40BitRC2-CBC'],
  aes: ['MAC: sha256', 'Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC', 'PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC'],
};

describe('generateClientKey', () => {
  for (const format of Object.keys(expectations) as ClientKeyFormat[]) {
    it(`makes a ${format} PKCS#12 that opens with the password and holds the key`, () => {
      const ck = generateClientKey({ format });
      expect(ck.keyId).toMatch(/^KAAP\.[0-9a-f-]{36}$/);
      expect(JSON.parse(ck.clientKeyJson)).toEqual({ KeyId: ck.keyId, PrivateKeyData: ck.clientKey.PrivateKeyData });
      expect(ck.clientKey.PrivateKeyData).toMatch(/^MII[A-Za-z0-9+/]+=*$/);
      const read = opensslRead(ck.clientKey.PrivateKeyData, ck.password, format === 'legacy-rc2');
      for (const line of expectations[format]) expect(read.info).toContain(line);
      expect(read.wrongStatus).not.toBe(0);
      // The key inside the PKCS#12 signs what the registered public key verifies.
      const sig = createSign('sha256').update('GET&%2F&x').sign(read.keyPem.slice(read.keyPem.indexOf('-----BEGIN')));
      expect(createVerify('sha256').update('GET&%2F&x').verify(ck.publicKeyPem, sig)).toBe(true);
      expect(createSign('sha256').update('GET&%2F&x').sign(ck.privateKeyPem).equals(sig)).toBe(true);
    });
  }

  it('writes the console-style files and keeps secrets out of inspect and JSON', () => {
    const ck = generateClientKey({ keyId: 'KAAP.00000000-0000-4000-8000-000000000000', password: 'test-password', dir: work });
    expect(readFileSync(ck.files!.clientKeyFile, 'utf8')).toBe(ck.clientKeyJson);
    expect(ck.files!.clientKeyFile.endsWith('clientKey_KAAP.00000000-0000-4000-8000-000000000000.json')).toBe(true);
    expect(readFileSync(ck.files!.passwordFile, 'utf8')).toBe('test-password');
    const shown = inspect(ck) + JSON.stringify(ck) + String(JSON.stringify([ck]));
    expect(shown).not.toContain('test-password');
    expect(shown).not.toContain('PRIVATE KEY');
    expect(shown).toContain(ck.keyId);
  });

  it('says clearly when openssl is missing', () => {
    expect(() => generateClientKey({ openssl: '/nonexistent/openssl' })).toThrow(/needs the openssl command line/);
  });
});
