import { createDecipheriv, createHash, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { Asn1Error, childrenOf, expectTag, octets, oid, parseDer, smallInteger, TAG, type Asn1 } from './der';
import { kmsClientKeyError, KmsClientKeyErrorCode as Code } from './errors';
import { rc2CbcDecrypt } from './rc2';

// A small PKCS#12 (RFC 7292) reader on node:crypto: enough to take the RSA private key out of an AAP
// ClientKey. Real ClientKeys use the legacy algorithms (PKCS#12 KDF, 3DES or RC2-40, HMAC-SHA1 MAC) because
// the official Go client reads nothing else; OpenSSL 3 files use PBES2/AES with a SHA-256 MAC. RC2 is done
// in JS (src/rc2.ts) since Node's OpenSSL 3 does not load the legacy provider. Edge builds get
// pkcs12-web.ts instead, so none of this reaches a Worker bundle.

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const;

/** PKCS#12 PBE schemes (RFC 7292 appendix C): cipher, key length, RC2 effective bits. */
const PKCS12_PBE: Record<string, { cipher: 'des-ede3-cbc' | 'des-ede-cbc' | 'rc2'; keyLength: number; rc2Bits?: number }> = {
  '1.2.840.113549.1.12.1.3': { cipher: 'des-ede3-cbc', keyLength: 24 },
  '1.2.840.113549.1.12.1.4': { cipher: 'des-ede-cbc', keyLength: 16 },
  '1.2.840.113549.1.12.1.5': { cipher: 'rc2', keyLength: 16, rc2Bits: 128 },
  '1.2.840.113549.1.12.1.6': { cipher: 'rc2', keyLength: 5, rc2Bits: 40 },
};

/** Digests usable for the MAC and the PKCS#12 KDF: node name, output size u, block size v. */
const DIGESTS: Record<string, { name: string; u: number; v: number }> = {
  '1.3.14.3.2.26': { name: 'sha1', u: 20, v: 64 },
  '2.16.840.1.101.3.4.2.4': { name: 'sha224', u: 28, v: 64 },
  '2.16.840.1.101.3.4.2.1': { name: 'sha256', u: 32, v: 64 },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', u: 48, v: 128 },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', u: 64, v: 128 },
};

/** PBKDF2 PRFs (RFC 8018 appendix B.1.2). */
const HMAC_PRFS: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

/** PBES2 encryption schemes: node cipher name and key length. */
const PBES2_CIPHERS: Record<string, { name: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 },
};

// Real files use 2048; a huge count in a hostile file must not pin the CPU for minutes.
const MAX_ITERATIONS = 1_000_000;

/** What {@link readPkcs12} found. */
export interface Pkcs12Contents {
  /** DER PKCS#8 PrivateKeyInfo of every private key, in file order. */
  privateKeys: Uint8Array[];
  /** How many certificate bags were seen (decrypted ones only). */
  certificates: number;
}

/**
 * The RSA private key (DER PKCS#8) of a ClientKey's PKCS#12. Checks the MAC first (a mismatch means a wrong
 * password), then decrypts only what holds the key: encrypted certificate bags are left alone when the key
 * was found elsewhere, as in every ClientKey.
 *
 * @throws CredentialsError `WrongPassword`, `InvalidClientKey` or `UnsupportedClientKey`; messages never
 * contain the password or key material.
 */
export function decryptPkcs12(pfx: Uint8Array, password: string): Uint8Array {
  const { privateKeys } = readPkcs12(pfx, password);
  const key = privateKeys[0];
  if (!key) throw kmsClientKeyError('the ClientKey PKCS#12 holds no private key.', Code.InvalidClientKey);
  assertRsaPkcs8(key);
  return key;
}

/**
 * Walks a PKCS#12 file. With `decryptAll`, every encrypted SafeContents is decrypted (tests use this to
 * exercise the certificate bags); otherwise encrypted ones are only opened while no key has been found.
 */
export function readPkcs12(pfx: Uint8Array, password: string, options: { decryptAll?: boolean } = {}): Pkcs12Contents {
  try {
    return walk(pfx, password, options.decryptAll === true);
  } catch (error) {
    if (error instanceof Asn1Error) {
      throw kmsClientKeyError(
        `the ClientKey's PrivateKeyData is not a valid PKCS#12 file (${error.message}); download the ClientKey again.`,
        Code.InvalidClientKey,
      );
    }
    throw error;
  }
}

function walk(pfx: Uint8Array, password: string, decryptAll: boolean): Pkcs12Contents {
  const [version, authSafe, macData] = childrenOf(parseDer(pfx), TAG.SEQUENCE, 'PFX');
  if (smallInteger(version, 'PFX version') !== 3) throw new Asn1Error('PFX version is not 3');
  const [authType, authContent] = childrenOf(authSafe, TAG.SEQUENCE, 'authSafe ContentInfo');
  if (oid(authType, 'authSafe content type') !== OID.data) {
    throw kmsClientKeyError('the ClientKey PKCS#12 is public-key protected, not password protected.', Code.UnsupportedClientKey);
  }
  const authBytes = octets(childrenOf(authContent, TAG.CONTEXT_0, 'authSafe content')[0], 'authSafe octets');
  if (macData) verifyMac(macData, authBytes, password);

  const contents: Pkcs12Contents = { privateKeys: [], certificates: 0 };
  const encrypted: Asn1[] = [];
  for (const info of childrenOf(parseDer(authBytes), TAG.SEQUENCE, 'AuthenticatedSafe')) {
    const [type, content] = childrenOf(info, TAG.SEQUENCE, 'ContentInfo');
    const typeOid = oid(type, 'ContentInfo type');
    const inner = childrenOf(content, TAG.CONTEXT_0, 'ContentInfo content')[0];
    if (typeOid === OID.data) {
      readSafeContents(octets(inner, 'SafeContents octets'), password, contents);
    } else if (typeOid === OID.encryptedData) {
      encrypted.push(expectTag(inner, TAG.SEQUENCE, 'EncryptedData'));
    } else {
      throw kmsClientKeyError(`the ClientKey PKCS#12 uses content type ${typeOid}, which is not supported.`, Code.UnsupportedClientKey);
    }
  }
  for (const data of encrypted) {
    if (!decryptAll && contents.privateKeys.length > 0) break;
    const [, encryptedContentInfo] = childrenOf(data, TAG.SEQUENCE, 'EncryptedData');
    const [, algorithm, encryptedContent] = childrenOf(encryptedContentInfo, TAG.SEQUENCE, 'EncryptedContentInfo');
    if (!encryptedContent || (encryptedContent.tag !== TAG.CONTEXT_0_PRIMITIVE && encryptedContent.tag !== TAG.CONTEXT_0)) {
      throw new Asn1Error('expected encryptedContent');
    }
    const plain = decryptPbe(algorithm, octets(encryptedContent, 'encryptedContent'), password);
    readSafeContents(plain, password, contents);
  }
  return contents;
}

function readSafeContents(der: Uint8Array, password: string, out: Pkcs12Contents, depth = 0): void {
  if (depth > 4) throw new Asn1Error('SafeContents nested too deep');
  for (const bag of childrenOf(parseDer(der), TAG.SEQUENCE, 'SafeContents')) {
    const [bagId, bagValue] = childrenOf(bag, TAG.SEQUENCE, 'SafeBag');
    const value = childrenOf(bagValue, TAG.CONTEXT_0, 'SafeBag value')[0];
    switch (oid(bagId, 'SafeBag type')) {
      case OID.keyBag:
        out.privateKeys.push(expectTag(value, TAG.SEQUENCE, 'PrivateKeyInfo').raw);
        break;
      case OID.shroudedKeyBag: {
        const [algorithm, data] = childrenOf(value, TAG.SEQUENCE, 'EncryptedPrivateKeyInfo');
        out.privateKeys.push(decryptPbe(algorithm, octets(expectTag(data, TAG.OCTET_STRING, 'encrypted key'), 'encrypted key'), password));
        break;
      }
      case OID.certBag:
        out.certificates += 1;
        break;
      case OID.safeContentsBag:
        readSafeContents(expectTag(value, TAG.SEQUENCE, 'nested SafeContents').raw, password, out, depth + 1);
        break;
      default:
        // CRL and secret bags: nothing a ClientKey needs.
        break;
    }
  }
}

/** The password as the PKCS#12 KDF wants it: UTF-16BE (BMPString) plus a two-byte NUL terminator. */
function bmpPassword(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i += 1) {
    const unit = password.charCodeAt(i);
    out[2 * i] = unit >> 8;
    out[2 * i + 1] = unit & 0xff;
  }
  return out;
}

function repeatTo(source: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) out[i] = source[i % source.length]!;
  return out;
}

/**
 * The PKCS#12 key derivation function (RFC 7292 appendix B.2). `id` 1 = cipher key, 2 = IV, 3 = MAC key.
 */
export function pkcs12Kdf(
  digest: { name: string; u: number; v: number },
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  id: 1 | 2 | 3,
  length: number,
): Uint8Array {
  const { name, u, v } = digest;
  const d = new Uint8Array(v).fill(id);
  const s = salt.length ? repeatTo(salt, v * Math.ceil(salt.length / v)) : new Uint8Array(0);
  const p = password.length ? repeatTo(password, v * Math.ceil(password.length / v)) : new Uint8Array(0);
  const i = new Uint8Array(s.length + p.length);
  i.set(s);
  i.set(p, s.length);
  const out = new Uint8Array(length);
  for (let produced = 0; ; ) {
    let a: Uint8Array = createHash(name).update(d).update(i).digest();
    for (let round = 1; round < iterations; round += 1) a = createHash(name).update(a).digest();
    out.set(a.subarray(0, Math.min(u, length - produced)), produced);
    produced += u;
    if (produced >= length) return out;
    // I_j = (I_j + B + 1) mod 2^(8v) for every v-byte block, with B = A repeated to v bytes.
    const b = repeatTo(a, v);
    for (let j = 0; j < i.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k -= 1) {
        carry += i[j + k]! + b[k]!;
        i[j + k] = carry & 0xff;
        carry >>>= 8;
      }
    }
  }
}

function iterationsOf(node: Asn1 | undefined, what: string): number {
  const count = node ? smallInteger(node, what) : 1;
  if (count < 1 || count > MAX_ITERATIONS) {
    throw kmsClientKeyError(`the ClientKey PKCS#12 asks for ${count} ${what}; at most ${MAX_ITERATIONS} are accepted.`, Code.UnsupportedClientKey);
  }
  return count;
}

function verifyMac(macData: Asn1, authBytes: Uint8Array, password: string): void {
  const [digestInfo, macSalt, iterationsNode] = childrenOf(macData, TAG.SEQUENCE, 'MacData');
  const [algorithm, digestNode] = childrenOf(digestInfo, TAG.SEQUENCE, 'MAC DigestInfo');
  const algorithmOid = oid(childrenOf(algorithm, TAG.SEQUENCE, 'MAC algorithm')[0], 'MAC algorithm');
  const digest = DIGESTS[algorithmOid];
  if (!digest) {
    throw kmsClientKeyError(
      `the ClientKey PKCS#12 uses MAC algorithm ${algorithmOid}, which is not supported (SHA-1/SHA-2 HMAC are).`,
      Code.UnsupportedClientKey,
    );
  }
  const expected = octets(expectTag(digestNode, TAG.OCTET_STRING, 'MAC digest'), 'MAC digest');
  const salt = octets(expectTag(macSalt, TAG.OCTET_STRING, 'MAC salt'), 'MAC salt');
  const iterations = iterationsOf(iterationsNode, 'MAC iterations');
  // An empty password is written either as two NUL bytes or as nothing, depending on the tool.
  const candidates = password === '' ? [bmpPassword(''), new Uint8Array(0)] : [bmpPassword(password)];
  for (const candidate of candidates) {
    const key = pkcs12Kdf(digest, candidate, salt, iterations, 3, digest.u);
    const actual = createHmac(digest.name, key).update(authBytes).digest();
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) return;
  }
  throw kmsClientKeyError(
    'the ClientKey password is wrong (the PKCS#12 integrity check failed): use the password saved with the ClientKey (clientKey_<KeyId>_Password.txt).',
    Code.WrongPassword,
  );
}

function wrongPassword(): Error {
  return kmsClientKeyError(
    'the ClientKey could not be decrypted: the password is wrong or the file is damaged.',
    Code.WrongPassword,
  );
}

function decipher(name: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  try {
    const d = createDecipheriv(name, key, iv);
    return new Uint8Array(Buffer.concat([d.update(data), d.final()]));
  } catch {
    throw wrongPassword();
  }
}

/** Decrypts `data` with a PKCS#12 PBE or PBES2 AlgorithmIdentifier. */
function decryptPbe(algorithm: Asn1 | undefined, data: Uint8Array, password: string): Uint8Array {
  const [algorithmOidNode, params] = childrenOf(algorithm, TAG.SEQUENCE, 'encryption AlgorithmIdentifier');
  const algorithmOid = oid(algorithmOidNode, 'encryption algorithm');
  const pbe = PKCS12_PBE[algorithmOid];
  if (pbe) {
    const [saltNode, iterationsNode] = childrenOf(params, TAG.SEQUENCE, 'PBE parameters');
    const salt = octets(expectTag(saltNode, TAG.OCTET_STRING, 'PBE salt'), 'PBE salt');
    const iterations = iterationsOf(iterationsNode, 'PBE iterations');
    const sha1 = DIGESTS['1.3.14.3.2.26']!;
    const bmp = bmpPassword(password);
    const key = pkcs12Kdf(sha1, bmp, salt, iterations, 1, pbe.keyLength);
    const iv = pkcs12Kdf(sha1, bmp, salt, iterations, 2, 8);
    if (pbe.cipher !== 'rc2') return decipher(pbe.cipher, key, iv, data);
    try {
      return rc2CbcDecrypt(key, pbe.rc2Bits!, iv, data);
    } catch {
      throw wrongPassword();
    }
  }
  if (algorithmOid === OID.pbes2) {
    const [kdf, scheme] = childrenOf(params, TAG.SEQUENCE, 'PBES2 parameters');
    const [kdfOid, kdfParams] = childrenOf(kdf, TAG.SEQUENCE, 'PBES2 key derivation');
    if (oid(kdfOid, 'PBES2 KDF') !== OID.pbkdf2) {
      throw kmsClientKeyError('the ClientKey PKCS#12 uses a PBES2 key derivation other than PBKDF2.', Code.UnsupportedClientKey);
    }
    const [saltNode, iterationsNode, ...rest] = childrenOf(kdfParams, TAG.SEQUENCE, 'PBKDF2 parameters');
    const salt = octets(expectTag(saltNode, TAG.OCTET_STRING, 'PBKDF2 salt'), 'PBKDF2 salt');
    const iterations = iterationsOf(iterationsNode, 'PBKDF2 iterations');
    // keyLength (INTEGER) is optional and comes before the optional PRF (SEQUENCE, default HMAC-SHA1).
    const prfNode = rest.find((node) => node.tag === TAG.SEQUENCE);
    const prfOid = prfNode ? oid(childrenOf(prfNode, TAG.SEQUENCE, 'PBKDF2 PRF')[0], 'PBKDF2 PRF') : '1.2.840.113549.2.7';
    const prf = HMAC_PRFS[prfOid];
    const [cipherOidNode, ivNode] = childrenOf(scheme, TAG.SEQUENCE, 'PBES2 encryption scheme');
    const cipherOid = oid(cipherOidNode, 'PBES2 cipher');
    const cipher = PBES2_CIPHERS[cipherOid];
    if (!prf || !cipher) {
      throw kmsClientKeyError(
        `the ClientKey PKCS#12 uses ${!prf ? `PBKDF2 PRF ${prfOid}` : `cipher ${cipherOid}`}, which is not supported.`,
        Code.UnsupportedClientKey,
      );
    }
    const iv = octets(expectTag(ivNode, TAG.OCTET_STRING, 'PBES2 IV'), 'PBES2 IV');
    // PBES2 takes the password as UTF-8 bytes (OpenSSL, RFC 8018), not as the PKCS#12 BMPString.
    const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, cipher.keyLength, prf);
    return decipher(cipher.name, key, iv, data);
  }
  throw kmsClientKeyError(`the ClientKey PKCS#12 uses encryption algorithm ${algorithmOid}, which is not supported.`, Code.UnsupportedClientKey);
}

/** The key must be an RSA PKCS#8 PrivateKeyInfo: KMS only signs ClientKey requests with RSA. */
function assertRsaPkcs8(der: Uint8Array): void {
  let algorithmOid: string;
  try {
    const [, algorithm] = childrenOf(parseDer(der), TAG.SEQUENCE, 'PrivateKeyInfo');
    algorithmOid = oid(childrenOf(algorithm, TAG.SEQUENCE, 'key algorithm')[0], 'key algorithm');
  } catch {
    // Decryption "succeeded" into garbage: only possible without a MAC, and then a wrong password.
    throw wrongPassword();
  }
  if (algorithmOid !== OID.rsaEncryption) {
    throw kmsClientKeyError(`the ClientKey holds a ${algorithmOid} key, not an RSA key.`, Code.InvalidClientKey);
  }
}
