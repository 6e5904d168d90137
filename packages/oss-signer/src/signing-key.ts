import { hmacSha256, sha256, syncCrypto, toHex, type Credentials } from './core';

type SyncCrypto = NonNullable<typeof syncCrypto>;

/** Bound on remembered signing keys: a handful of secrets × regions × days is the realistic working set. */
const MAX_KEYS = 50;
// Domain-separates the cache id from any other SHA-256 of the secret the process might compute.
const ID_PREFIX = 'alicred/oss-signer/key-id\n';

/** `<hex SHA-256 of the secret>/<scope>` → kSigning; FIFO-bounded. Never keyed by the secret itself. */
let derived = new Map<string, Uint8Array>();

/**
 * Per credentials object, the last scope and key, so repeated signing with the same object costs one
 * WeakMap lookup instead of a hash of the secret. `secret` is the very string the object holds (same
 * lifetime, weakly held) and only detects an object whose secret was replaced in place.
 */
interface Memo {
  readonly secret: string;
  readonly id: string;
  readonly scope: string;
  readonly key: Uint8Array;
}
let memo = new WeakMap<object, Memo>();

/** Forgets every derived signing key (tests, or after revoking a secret). */
export function clearSigningKeyCache(): void {
  derived = new Map();
  memo = new WeakMap();
}

function remember(cacheKey: string, key: Uint8Array): void {
  if (derived.size >= MAX_KEYS) {
    const oldest = derived.keys().next().value;
    if (oldest !== undefined) derived.delete(oldest);
  }
  derived.set(cacheKey, key);
}

/** kSigning for `scope` (`date/region/product/aliyun_v4_request`), synchronously through `sc`. */
export function signingKeySync(
  sc: SyncCrypto,
  creds: Credentials,
  date: string,
  region: string,
  product: string,
  scope: string,
): Uint8Array {
  const secret = creds.accessKeySecret;
  const m = memo.get(creds);
  if (m !== undefined && m.secret === secret && m.scope === scope) return m.key;
  const id = m !== undefined && m.secret === secret ? m.id : toHex(sc.sha256(ID_PREFIX + secret));
  const cacheKey = `${id}/${scope}`;
  let key = derived.get(cacheKey);
  if (key === undefined) {
    const kDate = sc.hmacSha256(`aliyun_v4${secret}`, date);
    const kRegion = sc.hmacSha256(kDate, region);
    const kProduct = sc.hmacSha256(kRegion, product);
    key = sc.hmacSha256(kProduct, 'aliyun_v4_request');
    remember(cacheKey, key);
  }
  memo.set(creds, { secret, id, scope, key });
  return key;
}

/** {@link signingKeySync} through the async (WebCrypto) primitives. Only resolved keys are cached. */
export async function signingKeyAsync(
  creds: Credentials,
  date: string,
  region: string,
  product: string,
  scope: string,
): Promise<Uint8Array> {
  const secret = creds.accessKeySecret;
  const m = memo.get(creds);
  if (m !== undefined && m.secret === secret && m.scope === scope) return m.key;
  const id = m !== undefined && m.secret === secret ? m.id : toHex(await sha256(ID_PREFIX + secret));
  const cacheKey = `${id}/${scope}`;
  let key = derived.get(cacheKey);
  if (key === undefined) {
    const kDate = await hmacSha256(`aliyun_v4${secret}`, date);
    const kRegion = await hmacSha256(kDate, region);
    const kProduct = await hmacSha256(kRegion, product);
    key = await hmacSha256(kProduct, 'aliyun_v4_request');
    remember(cacheKey, key);
  }
  memo.set(creds, { secret, id, scope, key });
  return key;
}

/** How many derived keys the shared cache holds (tests check the bound). */
export function signingKeyCacheSize(): number {
  return derived.size;
}
