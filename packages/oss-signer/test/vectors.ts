// Loads the shared official vectors (never edited here; see /work/shared/vectors/README.md).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/vectors');

export interface Creds { access_key_id: string; access_key_secret: string; security_token: string | null }
export interface V4Case {
  id: string;
  kind: 'oss-v4-header' | 'oss-v4-presign' | 'oss-v4-canonical-headers';
  credentials: Creds;
  method: string;
  bucket: string | null;
  key: string | null;
  region: string;
  product: 'oss' | 'oss-cloudbox';
  headers: Array<[string, string]>;
  query: Array<[string, string]>;
  additional_headers: string[];
  signing_time_unix: number;
  expiration_time_unix?: number;
  expected: Record<string, string | null>;
}
export interface V1Case {
  id: string;
  kind: 'oss-v1-header' | 'oss-v1-presign';
  credentials: Creds;
  method: string;
  bucket: string | null;
  key: string | null;
  headers: Array<[string, string]>;
  query: Array<[string, string]>;
  sub_resources: string[];
  date?: string;
  expires_unix?: number;
  expected: Record<string, string>;
}

export const v4Cases = JSON.parse(readFileSync(path.join(dir, 'oss-v4.json'), 'utf8')) as V4Case[];
export const v1Cases = JSON.parse(readFileSync(path.join(dir, 'oss-v1.json'), 'utf8')) as V1Case[];

export const credentialsOf = (c: Creds) => ({
  accessKeyId: c.access_key_id,
  accessKeySecret: c.access_key_secret,
  ...(c.security_token ? { securityToken: c.security_token } : {}),
  providerName: 'vector',
});

/** The encoded `k=v` / `k` items of a URL's query, for order-independent comparison. */
export const queryItems = (url: string) => new Set((url.split('?')[1] ?? '').split('&'));
