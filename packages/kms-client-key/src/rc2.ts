/**
 * RC2 decryption (RFC 2268) in CBC mode, for PKCS#12 files that use `pbeWithSHAAnd40BitRC2-CBC` or
 * `pbeWithSHAAnd128BitRC2-CBC` (what OpenSSL 1.x wrote by default). OpenSSL 3 moved RC2 into its legacy
 * provider, which Node does not load, so `node:crypto` cannot do this. Decryption only: alicred never
 * produces RC2 ciphertext. Not constant-time, which does not matter for decrypting a local file.
 */

// RFC 2268 section 2: PITABLE, a permutation of 0..255 derived from the digits of pi.
const PITABLE = Uint8Array.from(
  (
    'd978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2179a59f587b34f1361456d8d09817d32' +
    'bd8f40eb86b77b0bf09521225c6b4e8254d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb626' +
    '6fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed708e8eade8052eef784aa72ac354d6a2a' +
    '961ad2715a1549744b9fd05e0418a4ecc2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731' +
    '2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a90d38341bab33ffb0bb480c5fb9b1cd2e' +
    'c5f3db47e5a59c770aa62068fe7fc1ad'
  )
    .match(/../g)!
    .map((hex) => parseInt(hex, 16)),
);

/** Expands `key` into the 64 16-bit subkeys for `effectiveBits` (RFC 2268 section 2). */
export function rc2ExpandKey(key: Uint8Array, effectiveBits: number): Uint16Array {
  if (key.length < 1 || key.length > 128) throw new RangeError('RC2 key must be 1..128 bytes');
  if (effectiveBits < 1 || effectiveBits > 1024) throw new RangeError('RC2 effective key bits must be 1..1024');
  const l = new Uint8Array(128);
  l.set(key);
  const t = key.length;
  for (let i = t; i < 128; i += 1) l[i] = PITABLE[(l[i - 1]! + l[i - t]!) & 0xff]!;
  const t8 = (effectiveBits + 7) >> 3;
  const tm = 0xff >> (8 * t8 - effectiveBits);
  l[128 - t8] = PITABLE[l[128 - t8]! & tm]!;
  for (let i = 127 - t8; i >= 0; i -= 1) l[i] = PITABLE[l[i + 1]! ^ l[i + t8]!]!;
  const k = new Uint16Array(64);
  for (let i = 0; i < 64; i += 1) k[i] = l[2 * i]! | (l[2 * i + 1]! << 8);
  return k;
}

/** Decrypts one 8-byte block in place (RFC 2268 section 4). */
export function rc2DecryptBlock(k: Uint16Array, block: Uint8Array, offset = 0): void {
  const r = [0, 0, 0, 0];
  for (let i = 0; i < 4; i += 1) r[i] = block[offset + 2 * i]! | (block[offset + 2 * i + 1]! << 8);
  let j = 63;
  const shifts = [1, 2, 3, 5];
  const reverseMix = (): void => {
    for (let i = 3; i >= 0; i -= 1) {
      const s = shifts[i]!;
      let x = r[i]!;
      x = ((x >>> s) | (x << (16 - s))) & 0xffff;
      const a = r[(i + 3) & 3]!;
      const b = r[(i + 2) & 3]!;
      const c = r[(i + 1) & 3]!;
      x = (x - k[j]! - (a & b) - (~a & c)) & 0xffff;
      j -= 1;
      r[i] = x;
    }
  };
  const reverseMash = (): void => {
    for (let i = 3; i >= 0; i -= 1) r[i] = (r[i]! - k[r[(i + 3) & 3]! & 63]!) & 0xffff;
  };
  for (let n = 0; n < 5; n += 1) reverseMix();
  reverseMash();
  for (let n = 0; n < 6; n += 1) reverseMix();
  reverseMash();
  for (let n = 0; n < 5; n += 1) reverseMix();
  for (let i = 0; i < 4; i += 1) {
    block[offset + 2 * i] = r[i]! & 0xff;
    block[offset + 2 * i + 1] = r[i]! >> 8;
  }
}

/**
 * RC2-CBC decryption with PKCS#7 padding removed.
 *
 * @throws Error `bad padding` when the padding is invalid — for a PKCS#12 file, almost always a wrong password.
 */
export function rc2CbcDecrypt(key: Uint8Array, effectiveBits: number, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (iv.length !== 8) throw new RangeError('RC2 IV must be 8 bytes');
  if (data.length === 0 || data.length % 8 !== 0) throw new Error('bad padding');
  const k = rc2ExpandKey(key, effectiveBits);
  const out = new Uint8Array(data);
  let previous = iv;
  for (let offset = 0; offset < out.length; offset += 8) {
    const cipherBlock = data.subarray(offset, offset + 8);
    rc2DecryptBlock(k, out, offset);
    for (let i = 0; i < 8; i += 1) out[offset + i]! ^= previous[i]!;
    previous = cipherBlock;
  }
  const pad = out[out.length - 1]!;
  if (pad < 1 || pad > 8) throw new Error('bad padding');
  for (let i = out.length - pad; i < out.length; i += 1) if (out[i] !== pad) throw new Error('bad padding');
  return out.subarray(0, out.length - pad);
}
