import { hmacSha256, sha256Hex, type Credentials } from './core';
import { chain, type Maybe } from './maybe';

/** Bound on remembered signing keys: a handful of secrets × regions × days is the realistic working set. */
const MAX_KEYS = 50;
// Domain-separates the cache id from any other SHA-256 of the secret the process might compute.
const ID_PREFIX = 'alicred/oss-signer/key-id\n';

/** `<hex SHA-256 of the secret>/<scope>` → kSigning, FIFO-bounded. Never keyed by the secret itself. */
let derived = new Map<string, Uint8Array>();

/**
 * Per credentials object, the last scope and key, so repeated signing with the same object costs one
 * WeakMap lookup instead of a hash of the secret. `secret` is the very string the object holds (same
 * lifetime, weakly held) and only detects an object whose secret was replaced in place.
 */
let memo = new WeakMap<object, { secret: string; id: string; scope: string; key: Uint8Array }>();

/** Forgets every derived signing key (tests, or after revoking a secret). */
export function clearSigningKeyCache(): void {
  derived = new Map();
  memo = new WeakMap();
}

/** How many derived keys the shared cache holds (tests check the bound). */
export function signingKeyCacheSize(): number {
  return derived.size;
}

/**
 * kSigning for `scope` (`date/region/product/aliyun_v4_request`, spec §1.9): synchronous on Node, a promise
 * through WebCrypto. Only resolved keys are cached.
 */
export function signingKey(creds: Credentials, scope: string): Maybe<Uint8Array> {
  const secret = creds.accessKeySecret;
  const m = memo.get(creds);
  const same = m?.secret === secret;
  if (same && m!.scope === scope) return m!.key;
  return chain(same ? m!.id : sha256Hex(ID_PREFIX + secret), (id) => {
    const cacheKey = `${id}/${scope}`;
    const cached = derived.get(cacheKey);
    // kDate = HMAC("aliyun_v4" + secret, date), then region, product and "aliyun_v4_request" in turn.
    const [date, region, product, request] = scope.split('/') as [string, string, string, string];
    const derive = (key: Maybe<Uint8Array>, data: string) => chain(key, (k) => hmacSha256(k, data));
    return chain(cached ?? derive(derive(derive(hmacSha256(`aliyun_v4${secret}`, date), region), product), request), (key) => {
      if (cached === undefined) {
        if (derived.size >= MAX_KEYS) derived.delete(derived.keys().next().value!);
        derived.set(cacheKey, key);
      }
      memo.set(creds, { secret, id, scope, key });
      return key;
    });
  });
}
