/**
 * Contracts shared by the emulator's server and its services. The server (src/server.ts) parses each
 * request once into an `EmuRequest`, asks every service in turn whether it `matches`, applies faults,
 * logs the request, and sends the `EmuResponse` the service returns.
 */

/** One parsed HTTP request. Header names are lower-case; `body` is the raw bytes. */
export interface EmuRequest {
  method: string;
  /** Full URL as the server saw it (host taken from the Host header). */
  url: URL;
  /** Decoded path is NOT used for signing: `rawPath` is the path exactly as sent on the wire. */
  rawPath: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: Uint8Array;
  /** Form fields when the body is application/x-www-form-urlencoded, else empty. */
  form: URLSearchParams;
  /** Host header without the port, lower-case. */
  host: string;
}

export interface EmuResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** A registered AccessKey: a RAM user's permanent key, an STS-issued key, or a KMS-rotated key. */
export interface AccessKeyRecord {
  accessKeyId: string;
  accessKeySecret: string;
  /** Present for STS credentials: requests must carry it (SecurityToken / x-oss-security-token). */
  securityToken?: string;
  /** STS credentials and KMS keys past their grace period stop working at this instant. */
  expiration?: Date;
  /** Who the key belongs to, for trust policies and GetCallerIdentity. */
  identity: CallerIdentity;
}

export interface CallerIdentity {
  accountId: string;
  /** "RAMUser" | "AssumedRoleUser" | "Account" (root). */
  identityType: 'RAMUser' | 'AssumedRoleUser' | 'Account';
  arn: string;
  principalId: string;
  userId?: string;
  roleId?: string;
}

/** What a service reads and writes; owned by the server, shared by all services. */
export interface EmulatorState {
  now(): Date;
  config: EmulatorConfig;
  /** Looks up any AccessKey the emulator accepts, including STS-issued and KMS-rotated ones. */
  findAccessKey(accessKeyId: string): AccessKeyRecord | undefined;
  registerAccessKey(record: AccessKeyRecord): void;
  /** Remembers a SignatureNonce; returns false when it was seen within the replay window. */
  useNonce(nonce: string): boolean;
  /** Random ids for RequestId and the like. */
  newRequestId(): string;
  /**
   * Set by the server for one request when an `expiredCredentials` fault applies: services that hand out
   * credentials (STS, ECS, URI, KMS) then give credentials whose expiration is already past.
   */
  expiredCredentials?: boolean;
}

export interface Service {
  /** Service name used in the request log and in fault rules: "sts" | "ecs" | "uri" | "kms" | "oss". */
  readonly name: string;
  /** True when this service owns the request. Services are asked in a fixed order (see server.ts). */
  matches(req: EmuRequest, state: EmulatorState): boolean;
  /** The action for the request log and fault rules, e.g. "AssumeRole", "GetObject", "GetCredentials". */
  action(req: EmuRequest): string;
  handle(req: EmuRequest, state: EmulatorState): Promise<EmuResponse> | EmuResponse;
  /** Resets per-service in-memory state (objects, tokens) for `Emulator.reset()`. */
  reset?(): void;
}

// ---- Configuration (JSON file or `startEmulator` options); every field optional, defaults seeded. ----

export interface EmulatorConfig {
  /** Region the emulator pretends to be in, e.g. "cn-hangzhou". */
  region: string;
  accounts: AccountConfig[];
  roles: RoleConfig[];
  oidcProviders: OidcProviderConfig[];
  /** ECS metadata: the instance's role and how IMDS behaves. */
  ecs: EcsConfig;
  /** Credentials URI service: path and the role whose STS credentials it serves. */
  credentialsUri: { path: string; roleArn?: string; durationSeconds: number };
  kms: KmsConfig;
  oss: { buckets: OssBucketConfig[] };
  /** Extra AccessKeys accepted everywhere (`options.accessKeys`), owned by the first account's first user. */
  accessKeys: Array<{ accessKeyId: string; accessKeySecret: string; securityToken?: string }>;
}

export interface AccountConfig {
  accountId: string;
  /** Root AccessKeys of the account (identity type "Account"). */
  rootAccessKeys?: Array<{ accessKeyId: string; accessKeySecret: string }>;
  users: Array<{ name: string; userId?: string; accessKeys: Array<{ accessKeyId: string; accessKeySecret: string }> }>;
}

export interface RoleConfig {
  /** acs:ram::<accountId>:role/<name> */
  arn: string;
  roleId?: string;
  /** 3600..43200 */
  maxSessionDuration: number;
  /** Who may assume it: account ids ("123"), user ARNs, role ARNs, OIDC provider ARNs; "*" = anyone. */
  trustedPrincipals: string[];
  /** When set, AssumeRole must pass this ExternalId. */
  externalId?: string;
}

export interface OidcProviderConfig {
  /** acs:ram::<accountId>:oidc-provider/<name> */
  arn: string;
  issuer: string;
  audiences: string[];
  /** Public keys (JWK, RS256) that sign the tokens; the emulator can mint tokens with the matching private key. */
  jwks: Array<Record<string, unknown>>;
}

export interface EcsConfig {
  roleName: string;
  roleArn?: string;
  /** "v2-required": GETs without a token get 401; "v1-allowed": both work; "no-token-endpoint": PUT /latest/api/token answers 404. */
  mode: 'v2-required' | 'v1-allowed' | 'no-token-endpoint';
  /** Lifetime of the credentials it hands out, in seconds. */
  credentialSeconds: number;
}

export interface KmsConfig {
  /** ClientKeys (Application Access Point) whose public keys the gateway accepts. */
  clientKeys: Array<{ keyId: string; publicKeyPem: string }>;
  secrets: Array<{
    name: string;
    /** "RAMCredentials" | "Generic" */
    type: string;
    /** RAM user that owns the rotated AccessKey (for RAMCredentials). */
    userName?: string;
    /** Rotation interval in seconds (RAMCredentials). */
    rotationSeconds?: number;
    /** How long a rotated-out key stays valid, in seconds. */
    graceSeconds?: number;
    /** Value for Generic secrets. */
    value?: string;
  }>;
}

export interface OssBucketConfig {
  name: string;
  /** Owning account; requests signed by a key of another account get AccessDenied. */
  accountId: string;
  region?: string;
}
