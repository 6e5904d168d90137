import type { CredentialProvider, Credentials } from './core';

/** One OSS request to sign: what will be sent, before the signer adds its headers or query parameters. */
export interface OssRequest {
  /** HTTP method: GET, HEAD, PUT, POST, DELETE or OPTIONS (any case; signed upper-case, as fetch sends it). */
  method: string;
  /** Bucket name; omit for service-level requests such as ListBuckets. */
  bucket?: string;
  /** Object key, raw (not URL-encoded). Needs `bucket`. */
  key?: string;
  /** Request headers (any case; returned lower-cased). Values must be strings. */
  headers?: Record<string, string>;
  /** Query parameters, raw values. `''` or `null` = a bare parameter name (`?acl`); `undefined` = left out. */
  query?: Record<string, string | null | undefined>;
}

/** Options shared by V4 header signing and V4 presigning. */
export interface OssSignOptions {
  /** Credentials, or a provider asked once per signature (it should cache, as every alicred provider does). */
  credentials: Credentials | CredentialProvider;
  /**
   * Signing region: the bare region ID (`cn-hangzhou`; a leading `oss-` is stripped), or the CloudBox ID
   * (`cb-…`) with `product: 'oss-cloudbox'`.
   */
  region: string;
  /** `oss` (default) or `oss-cloudbox`. */
  product?: 'oss' | 'oss-cloudbox';
  /**
   * Extra header names to sign (e.g. `host`). Names always signed anyway (`x-oss-*`, `content-type`,
   * `content-md5`) and names the request does not carry are dropped, as in the official SDKs.
   */
  additionalHeaders?: string[];
  /** The signing instant; default now. */
  signingDate?: Date;
  /** Passed to a credentials provider. */
  signal?: AbortSignal;
}

/** Options of {@link presignOssRequest}. */
export interface OssPresignOptions extends OssSignOptions {
  /** Lifetime of the URL in whole seconds, 1 … 604800 (7 days); default 900 (15 minutes, the SDK default). */
  expiresIn?: number;
  /**
   * Base URL (`https://oss-cn-hangzhou.aliyuncs.com`, `http://127.0.0.1:9000`, a CNAME…) to build `url` from.
   * Without it only `query` and `signedHeaders` are returned.
   */
  endpoint?: string;
  /**
   * How the bucket appears in `url`. Default: `path` for an IP or `localhost` endpoint, the endpoint as given
   * when its host already starts with `<bucket>.`, `virtual-host` (`<bucket>.<host>`) otherwise.
   * `cname`: the endpoint already names the bucket, so the path is just the key.
   */
  urlStyle?: 'virtual-host' | 'path' | 'cname';
}

/** Result of {@link signOssRequest}. */
export interface SignedOssRequest {
  /** Every request header (lower-case names) plus `authorization`, `x-oss-date`, `x-oss-content-sha256` and, with STS credentials, `x-oss-security-token`. */
  headers: Record<string, string>;
}

/** Result of {@link presignOssRequest} and {@link presignOssRequestV1}. */
export interface PresignedOssRequest {
  /** The full URL, when `endpoint` was given. */
  url?: string;
  /** Every query parameter of the URL, raw (decoded) values, `''` for a bare name, auth parameters and signature included. */
  query: Record<string, string>;
  /** The signed headers (lower-case names): whoever uses the URL must send exactly these. */
  signedHeaders: Record<string, string>;
}
