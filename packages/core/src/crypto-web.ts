import type { SyncCrypto } from './crypto-types';
import { fromBase64, toBytes, type BinaryLike } from './encoding';
import { CredentialsError } from './errors';
import { jsDigest, pureJsSyncCrypto } from './sync-crypto-js';

// Web build of the crypto interface (WebCrypto); same names as `crypto-node.ts`. Where `crypto.subtle` is
// missing (browsers on plain-http origins) SHA-256 and HMAC-SHA256 fall back to the pure-JS implementation
// in `sync-crypto-js.ts`; HMAC-SHA1 and RSA have no fallback and throw `Unsupported`.

function subtle(): SubtleCrypto | undefined {
  return (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
}

function unsupported(what: string): CredentialsError {
  return new CredentialsError(`${what} needs WebCrypto (crypto.subtle), which this runtime does not provide (a secure context is required in browsers).`, {
    code: 'Unsupported',
    provider: 'crypto',
  });
}

// WebCrypto's typings want ArrayBuffer-backed views; our inputs are plain Uint8Arrays.
function source(data: BinaryLike): BufferSource {
  return toBytes(data) as BufferSource;
}

async function hmac(hash: 'SHA-256' | 'SHA-1', key: BinaryLike, data: BinaryLike): Promise<Uint8Array> {
  const api = subtle();
  if (!api) {
    if (hash === 'SHA-256') return jsDigest(key, data);
    throw unsupported('HMAC-SHA1');
  }
  const cryptoKey = await api.importKey('raw', source(key), { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await api.sign('HMAC', cryptoKey, source(data)));
}

/** SHA-256 digest of `data` (strings are UTF-8). */
export async function sha256(data: BinaryLike): Promise<Uint8Array> {
  const api = subtle();
  if (!api) return jsDigest(undefined, data);
  return new Uint8Array(await api.digest('SHA-256', source(data)));
}

/** HMAC-SHA256 of `data` with `key` (strings are UTF-8). */
export async function hmacSha256(key: BinaryLike, data: BinaryLike): Promise<Uint8Array> {
  return hmac('SHA-256', key, data);
}

/** HMAC-SHA1 of `data` with `key` (strings are UTF-8); used by the RPC v1 and OSS v1 signatures. */
export async function hmacSha1(key: BinaryLike, data: BinaryLike): Promise<Uint8Array> {
  return hmac('SHA-1', key, data);
}

function pkcs8FromPem(pem: string): Uint8Array {
  const match = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(pem);
  if (!match) {
    const hint = pem.includes('BEGIN RSA PRIVATE KEY')
      ? ' This is a PKCS#1 key; convert it with `openssl pkcs8 -topk8 -nocrypt -in key.pem`.'
      : '';
    throw new CredentialsError(`the RSA private key is not a PKCS#8 PEM (BEGIN PRIVATE KEY).${hint}`, {
      code: 'InvalidConfiguration',
      provider: 'crypto',
    });
  }
  return fromBase64(match[1]!);
}

/**
 * RSASSA-PKCS1-v1_5 with SHA-256 over `data`. `privateKey` is a PKCS#8 PEM string (`BEGIN PRIVATE KEY`) or
 * a WebCrypto `CryptoKey` made for `RSASSA-PKCS1-v1_5` / `SHA-256`.
 */
export async function rsaSha256Sign(privateKey: string | CryptoKey, data: BinaryLike): Promise<Uint8Array> {
  const api = subtle();
  if (!api) throw unsupported('RSA-SHA256 signing');
  const key =
    typeof privateKey === 'string'
      ? await api.importKey('pkcs8', pkcs8FromPem(privateKey) as BufferSource, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign'])
      : privateKey;
  return new Uint8Array(await api.sign('RSASSA-PKCS1-v1_5', key, source(data)));
}

/**
 * Synchronous hashing: the pure-JS implementation where WebCrypto is missing, `undefined` where it exists
 * (callers then use the async functions, which are faster there).
 */
export const syncCrypto: SyncCrypto | undefined = /* @__PURE__ */ pickSyncCrypto();

// A call marked pure (not a bare top-level expression), so a bundle that never reads `syncCrypto` drops it and
// with it the whole pure-JS SHA-256 (~5 KB minified): Worker bundles of the OSS signer do not need it.
function pickSyncCrypto(): SyncCrypto | undefined {
  return subtle() ? undefined : pureJsSyncCrypto;
}
