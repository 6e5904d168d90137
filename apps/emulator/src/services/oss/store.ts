import { createHash } from 'node:crypto';

/** One stored object. */
export interface StoredObject {
  body: Uint8Array;
  contentType: string;
  /** `"<MD5 upper-case hex>"`, quotes included, as OSS returns it. */
  etag: string;
  lastModified: Date;
  /** `x-oss-meta-*` headers, lower-case names. */
  meta: Record<string, string>;
  type: 'Normal' | 'Appendable';
}

/** In-memory objects per bucket; buckets themselves come from the emulator config. */
export interface ObjectStore {
  get(bucket: string, key: string): StoredObject | undefined;
  put(bucket: string, key: string, object: Omit<StoredObject, 'etag'>): StoredObject;
  delete(bucket: string, key: string): boolean;
  /** Keys of a bucket in lexicographic (byte) order. */
  keys(bucket: string): string[];
  clear(): void;
}

export function etagOf(body: Uint8Array): string {
  return `"${createHash('md5').update(body).digest('hex').toUpperCase()}"`;
}

export function createObjectStore(): ObjectStore {
  const buckets = new Map<string, Map<string, StoredObject>>();
  const bucket = (name: string) => {
    let objects = buckets.get(name);
    if (!objects) buckets.set(name, (objects = new Map()));
    return objects;
  };
  return {
    get: (b, k) => buckets.get(b)?.get(k),
    put(b, k, object) {
      const stored = { ...object, etag: etagOf(object.body) };
      bucket(b).set(k, stored);
      return stored;
    },
    delete: (b, k) => buckets.get(b)?.delete(k) ?? false,
    keys: (b) => [...(buckets.get(b)?.keys() ?? [])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)),
    clear: () => buckets.clear(),
  };
}
