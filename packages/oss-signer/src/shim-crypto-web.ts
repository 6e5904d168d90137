type Data = string | Uint8Array;
const enc = new TextEncoder();
const raw = (d: Data) => (typeof d === 'string' ? enc.encode(d) : d);

export const syncCrypto: { sha256(data: Data): Uint8Array; hmacSha256(key: Data, data: Data): Uint8Array } | undefined = undefined;
export async function sha256(data: Data): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', raw(data) as BufferSource));
}
async function hmac(hash: string, key: Data, data: Data): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', raw(key) as BufferSource, { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, raw(data) as BufferSource));
}
export const hmacSha256 = (key: Data, data: Data) => hmac('SHA-256', key, data);
export const hmacSha1 = (key: Data, data: Data) => hmac('SHA-1', key, data);
