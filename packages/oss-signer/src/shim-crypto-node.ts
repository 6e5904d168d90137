import { createHash, createHmac } from 'node:crypto';

type Data = string | Uint8Array;
const bytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export const syncCrypto: { sha256(data: Data): Uint8Array; hmacSha256(key: Data, data: Data): Uint8Array } | undefined = {
  sha256: (data) => bytes(createHash('sha256').update(data).digest()),
  hmacSha256: (key, data) => bytes(createHmac('sha256', key).update(data).digest()),
};
export async function sha256(data: Data): Promise<Uint8Array> {
  return bytes(createHash('sha256').update(data).digest());
}
export async function hmacSha256(key: Data, data: Data): Promise<Uint8Array> {
  return bytes(createHmac('sha256', key).update(data).digest());
}
export async function hmacSha1(key: Data, data: Data): Promise<Uint8Array> {
  return bytes(createHmac('sha1', key).update(data).digest());
}
