import { describe, expect, it } from 'vitest';
import * as node from './crypto-node';
import * as web from './crypto-web';
import * as workerd from './crypto-workerd';

// The three builds sign through different crypto twins (node:crypto synchronously, core's WebCrypto wrapper,
// WebCrypto directly); they must give the same bytes. RFC 4231 test case 2 and FIPS 180-2 "abc" pin the values.
describe('crypto twins agree', () => {
  const key = new TextEncoder().encode('Jefe');
  const cases = ['', 'abc', 'what do ya want for nothing?', 'héllo ✓ 🌏\n'.repeat(40)];

  it.each([
    ['web', web],
    ['workerd', workerd],
  ] as const)('%s twin = node twin', async (_name, twin) => {
    for (const data of cases) {
      expect(await twin.sha256Hex(data)).toBe(node.sha256Hex(data));
      expect(await twin.hmacSha256Hex(key, data)).toBe(node.hmacSha256Hex(key, data));
      expect(Buffer.from(await twin.hmacSha256('aliyun_v4secret', data)).toString('hex')).toBe(Buffer.from(node.hmacSha256('aliyun_v4secret', data) as Uint8Array).toString('hex'));
      expect(await twin.hmacSha1Base64('secret', data)).toBe(node.hmacSha1Base64('secret', data));
    }
  });

  it('the node twin answers synchronously with the known values (no promise on the hot path)', () => {
    expect(node.sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(node.hmacSha256Hex(key, 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
});
