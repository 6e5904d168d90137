import { createHash, createHmac, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as nodeCrypto from './crypto-node';
import * as webCrypto from './crypto-web';
import { fromBase64, toBase64, toHex, utf8Decode, utf8Encode } from './encoding';
import { pureJsSyncCrypto } from './sync-crypto-js';

const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));

// FIPS 180-2 / RFC 4231 / RFC 2202 known answers.
const SHA256_VECTORS: [string | Uint8Array, string][] = [
  ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
];
const HMAC_SHA256_VECTORS: [string | Uint8Array, string | Uint8Array, string][] = [
  // RFC 4231 test case 1
  [hex('0b'.repeat(20)), 'Hi There', 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
  // RFC 4231 test case 2
  ['Jefe', 'what do ya want for nothing?', '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
  // RFC 4231 test case 6 (key longer than the block size)
  [hex('aa'.repeat(131)), 'Test Using Larger Than Block-Size Key - Hash Key First', '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54'],
];
const HMAC_SHA1_VECTORS: [string | Uint8Array, string, string][] = [
  // RFC 2202 test cases 1, 2 and 6
  [hex('0b'.repeat(20)), 'Hi There', 'b617318655057264e28bc0b6fb378c8ef146be00'],
  ['Jefe', 'what do ya want for nothing?', 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79'],
  [hex('aa'.repeat(80)), 'Test Using Larger Than Block-Size Key - Hash Key First', 'aa4ae5e15272d00e95705637ce8a3b55ed402112'],
];

const twins = [
  ['node', nodeCrypto],
  ['web', webCrypto],
] as const;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe.each(twins)('crypto (%s twin)', (_name, impl) => {
  it('SHA-256 known answers', async () => {
    for (const [input, expected] of SHA256_VECTORS) expect(toHex(await impl.sha256(input))).toBe(expected);
  });

  it('SHA-256 of bytes equals SHA-256 of the same UTF-8 string', async () => {
    expect(toHex(await impl.sha256(utf8Encode('héllo ✓')))).toBe(toHex(await impl.sha256('héllo ✓')));
  });

  it('HMAC-SHA256 known answers (RFC 4231)', async () => {
    for (const [key, data, expected] of HMAC_SHA256_VECTORS) expect(toHex(await impl.hmacSha256(key, data))).toBe(expected);
  });

  it('HMAC-SHA1 known answers (RFC 2202)', async () => {
    for (const [key, data, expected] of HMAC_SHA1_VECTORS) expect(toHex(await impl.hmacSha1(key, data))).toBe(expected);
  });
});

describe('RSA-SHA256', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const data = 'GET\n/path\nx-acs-date:2030-01-01T00:00:00Z';

  it('both twins produce the same verifiable signature from a PKCS#8 PEM', async () => {
    const a = await nodeCrypto.rsaSha256Sign(privateKey, data);
    const b = await webCrypto.rsaSha256Sign(privateKey, data);
    expect(a.byteLength).toBe(256);
    // PKCS#1 v1.5 is deterministic, so the two implementations must agree byte for byte.
    expect(toHex(a)).toBe(toHex(b));
    expect(verify('sha256', Buffer.from(data), createPublicKey(publicKey), a)).toBe(true);
    expect(verify('sha256', Buffer.from('tampered'), createPublicKey(publicKey), a)).toBe(false);
  });

  it('signs with a WebCrypto CryptoKey on both twins', async () => {
    const der = fromBase64(privateKey.replace(/-----[A-Z ]+-----/g, ''));
    const key = await crypto.subtle.importKey('pkcs8', der as BufferSource, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    const a = await nodeCrypto.rsaSha256Sign(key, data);
    const b = await webCrypto.rsaSha256Sign(key, utf8Encode(data));
    expect(toHex(a)).toBe(toHex(b));
    expect(verify('sha256', Buffer.from(data), createPublicKey(publicKey), a)).toBe(true);
  });

  it('the web twin explains that a PKCS#1 key needs converting', async () => {
    const { privateKey: pkcs1 } = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    await expect(webCrypto.rsaSha256Sign(pkcs1, data)).rejects.toMatchObject({ code: 'InvalidConfiguration', message: expect.stringMatching(/PKCS#1.*openssl/) });
  });
});

describe('synchronous crypto', () => {
  it('node syncCrypto gives the known answers', () => {
    const sync = nodeCrypto.syncCrypto!;
    expect(toHex(sync.sha256('abc'))).toBe(SHA256_VECTORS[0]![1]);
    expect(toHex(sync.hmacSha256('Jefe', 'what do ya want for nothing?'))).toBe(HMAC_SHA256_VECTORS[1]![2]);
  });

  it('the pure-JS fallback gives the same answers', () => {
    for (const [input, expected] of SHA256_VECTORS) expect(toHex(pureJsSyncCrypto.sha256(input))).toBe(expected);
    for (const [key, data, expected] of HMAC_SHA256_VECTORS) expect(toHex(pureJsSyncCrypto.hmacSha256(key, data))).toBe(expected);
  });

  it('the pure-JS fallback matches node:crypto at every length around the 64-byte block edges', () => {
    // Lengths 0…200 cover one-, two- and three-block messages and the 55/56-byte padding edge; keys up to
    // 130 bytes cover the hash-the-key-first rule for keys longer than a block.
    let seed = 7;
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    for (let n = 0; n <= 200; n++) {
      const data = bytes(n);
      expect(toHex(pureJsSyncCrypto.sha256(data)), `sha256 of ${n} bytes`).toBe(createHash('sha256').update(data).digest('hex'));
      const key = bytes(n % 131);
      expect(toHex(pureJsSyncCrypto.hmacSha256(key, data)), `hmac, ${key.length}-byte key`).toBe(createHmac('sha256', key).update(data).digest('hex'));
    }
    const text = 'héllo ✓ 🌏'.repeat(50);
    expect(toHex(pureJsSyncCrypto.hmacSha256('k', text))).toBe(createHmac('sha256', 'k').update(text).digest('hex'));
  });

  it('the web twin has no syncCrypto where WebCrypto exists', () => {
    expect(webCrypto.syncCrypto).toBeUndefined();
  });

  it('without crypto.subtle the web twin falls back to pure JS, and says what is unsupported', async () => {
    vi.stubGlobal('crypto', {});
    const web = await import('./crypto-web');
    expect(web.syncCrypto).toBeDefined();
    expect(toHex(web.syncCrypto!.sha256('abc'))).toBe(SHA256_VECTORS[0]![1]);
    expect(toHex(await web.sha256('abc'))).toBe(SHA256_VECTORS[0]![1]);
    expect(toHex(await web.hmacSha256('Jefe', 'what do ya want for nothing?'))).toBe(HMAC_SHA256_VECTORS[1]![2]);
    await expect(web.hmacSha1('k', 'd')).rejects.toMatchObject({ code: 'Unsupported' });
    await expect(web.rsaSha256Sign('pem', 'd')).rejects.toMatchObject({ code: 'Unsupported' });
  });
});

describe('encoding', () => {
  it('round-trips base64 and base64url', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    expect(toBase64('hello')).toBe('aGVsbG8=');
    expect(utf8Decode(fromBase64('aGVsbG8'))).toBe('hello');
    expect(fromBase64('-_8')).toEqual(Uint8Array.from([0xfb, 0xff]));
    expect(toBase64(new Uint8Array(200_000)).length).toBe(266_668);
  });

  it('rejects invalid base64', () => {
    expect(() => fromBase64('***')).toThrow(TypeError);
  });

  it('hex-encodes', () => {
    expect(toHex(Uint8Array.from([0, 15, 16, 255]))).toBe('000f10ff');
  });
});
