import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rc2CbcDecrypt, rc2DecryptBlock, rc2ExpandKey } from './rc2';

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

// RFC 2268 section 5 test vectors: key, effective key bits, plaintext, ciphertext.
const VECTORS: Array<[string, number, string, string]> = [
  ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
  ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
  ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
  ['88', 64, '0000000000000000', '61a8a244adacccf0'],
  ['88bca90e90875a', 64, '0000000000000000', '6ccf4308974c267f'],
  ['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
  ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
  ['88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e', 129, '0000000000000000', '5b78d3a43dfff1f1'],
];

describe('RC2 (RFC 2268)', () => {
  it.each(VECTORS)('decrypts the RFC vector with key %s / %i bits', (key, bits, plain, cipher) => {
    const block = hex(cipher);
    rc2DecryptBlock(rc2ExpandKey(hex(key), bits), block);
    expect(Buffer.from(block).toString('hex')).toBe(plain);
  });

  it('CBC with PKCS#7 padding matches OpenSSL rc2-40-cbc (legacy provider)', () => {
    const key = randomBytes(5);
    const iv = randomBytes(8);
    const plain = randomBytes(61);
    const run = spawnSync('openssl', ['enc', '-rc2-40-cbc', '-provider', 'legacy', '-provider', 'default', '-K', key.toString('hex'), '-iv', iv.toString('hex')], { input: plain });
    expect(run.status, run.stderr?.toString()).toBe(0);
    expect(Buffer.from(rc2CbcDecrypt(key, 40, iv, new Uint8Array(run.stdout)))).toEqual(plain);
  });

  it('rejects bad padding (what a wrong password produces)', () => {
    expect(() => rc2CbcDecrypt(hex('0102030405'), 40, new Uint8Array(8), new Uint8Array(16))).toThrow('bad padding');
    expect(() => rc2CbcDecrypt(hex('0102030405'), 40, new Uint8Array(8), new Uint8Array(7))).toThrow('bad padding');
  });
});
