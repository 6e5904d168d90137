import { fromBase64, toBase64 } from '@alicred/core';
import { kmsClientKeyError, KmsClientKeyErrorCode as Code } from './errors';
import { decryptPkcs12 } from './pkcs12-node';

/** The content of a `clientKey_<KeyId>.json` file as the KMS console saves it. */
export interface ClientKeyJson {
  /** `KAAP.<uuid>`: sent as the AccessKeyId of every request. */
  KeyId: string;
  /** Base64 of a password-protected PKCS#12 holding the RSA key. */
  PrivateKeyData: string;
}

/** A ClientKey converted once into a form every runtime can use: see {@link readClientKey}. */
export interface ConvertedClientKey {
  keyId: string;
  /** The RSA private key as PKCS#8 PEM (`BEGIN PRIVATE KEY`). A secret: store it like the password. */
  privateKeyPem: string;
}

const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Validates a KeyId (it is sent as a query parameter; junk there would only confuse KMS's error). */
export function checkKeyId(keyId: unknown): string {
  if (typeof keyId !== 'string' || !KEY_ID.test(keyId)) {
    throw kmsClientKeyError('the ClientKey KeyId is missing or malformed (expected KAAP.<uuid>).', Code.InvalidClientKey);
  }
  return keyId;
}

/** Parses the ClientKey JSON (a string or the parsed object). */
export function parseClientKeyJson(input: string | ClientKeyJson): ClientKeyJson {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw kmsClientKeyError('the ClientKey is not valid JSON: expected {"KeyId": "KAAP.…", "PrivateKeyData": "…"}.', Code.InvalidClientKey);
    }
  }
  const record = value as Partial<ClientKeyJson> | null;
  if (typeof record !== 'object' || record === null) {
    throw kmsClientKeyError('the ClientKey is not a JSON object with KeyId and PrivateKeyData.', Code.InvalidClientKey);
  }
  const keyId = checkKeyId(record.KeyId);
  if (typeof record.PrivateKeyData !== 'string' || !/^[A-Za-z0-9+/=\s_-]+$/.test(record.PrivateKeyData)) {
    throw kmsClientKeyError('the ClientKey PrivateKeyData is missing or not base64.', Code.InvalidClientKey);
  }
  return { KeyId: keyId, PrivateKeyData: record.PrivateKeyData };
}

/** PKCS#8 DER from a ClientKey and its password (Node only: the edge build throws `Unsupported`). */
export function clientKeyToPkcs8(clientKey: ClientKeyJson, password: string): Uint8Array {
  let der: Uint8Array;
  try {
    der = fromBase64(clientKey.PrivateKeyData.replace(/\s+/g, ''));
  } catch {
    throw kmsClientKeyError('the ClientKey PrivateKeyData is not valid base64.', Code.InvalidClientKey);
  }
  return decryptPkcs12(der, password);
}

/** DER PKCS#8 → PEM with 64-character lines. */
export function pkcs8Pem(der: Uint8Array): string {
  const lines = toBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

/** PEM (PKCS#8) → DER; PKCS#1 keys get a conversion hint. */
function pemToDer(pem: string): Uint8Array {
  const match = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(pem);
  if (!match) {
    const hint = pem.includes('BEGIN RSA PRIVATE KEY') ? ' This is PKCS#1; convert it with `openssl pkcs8 -topk8 -nocrypt`.' : '';
    throw kmsClientKeyError(`privateKey is not a PKCS#8 PEM key (BEGIN PRIVATE KEY).${hint}`, Code.InvalidClientKey);
  }
  try {
    return fromBase64(match[1]!.replace(/\s+/g, ''));
  } catch {
    throw kmsClientKeyError('privateKey PEM body is not valid base64.', Code.InvalidClientKey);
  }
}

/**
 * A non-extractable WebCrypto key for RSASSA-PKCS1-v1_5 / SHA-256, the signature of ClientKey requests.
 * Non-extractable so the key cannot be read back out of the provider (nor show up in a heap-walking log).
 */
export async function importSigningKey(privateKey: string | Uint8Array | CryptoKey): Promise<CryptoKey> {
  if (typeof privateKey === 'object' && !(privateKey instanceof Uint8Array)) {
    const algorithm = privateKey.algorithm as { name?: string; hash?: { name?: string } };
    if (privateKey.type !== 'private' || algorithm.name !== 'RSASSA-PKCS1-v1_5' || algorithm.hash?.name !== 'SHA-256' || !privateKey.usages.includes('sign')) {
      throw kmsClientKeyError('privateKey must be an RSASSA-PKCS1-v1_5 / SHA-256 private CryptoKey with the "sign" usage.', Code.InvalidClientKey);
    }
    return privateKey;
  }
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (!subtle) {
    throw kmsClientKeyError('signing ClientKey requests needs WebCrypto (crypto.subtle), which this runtime lacks.', 'Unsupported');
  }
  const der = typeof privateKey === 'string' ? pemToDer(privateKey) : privateKey;
  try {
    return await subtle.importKey('pkcs8', der as BufferSource, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  } catch {
    throw kmsClientKeyError('the private key is not a valid RSA PKCS#8 key.', Code.InvalidClientKey);
  }
}

/** Hides the PEM from `JSON.stringify`, `util.inspect` and `console.log` (the property itself stays readable). */
export function withRedaction(key: ConvertedClientKey): ConvertedClientKey {
  const safe = () => ({ keyId: key.keyId, privateKeyPem: '[redacted]' });
  Object.defineProperty(key, 'toJSON', { value: safe, enumerable: false });
  Object.defineProperty(key, Symbol.for('nodejs.util.inspect.custom'), { value: safe, enumerable: false });
  Object.defineProperty(key, Symbol.for('Deno.customInspect'), { value: () => JSON.stringify(safe()), enumerable: false });
  return key;
}
