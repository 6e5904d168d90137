// TEMPORARY shim for the parts of @alicred/core this package uses, until core lands; then this file becomes
// `export { … } from '@alicred/core'` and the shim-crypto twins are deleted.
export { sha256, hmacSha256, hmacSha1, syncCrypto } from './shim-crypto-node';

export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
  readonly expiration?: Date;
  readonly providerName: string;
}

export type CredentialProvider = (options?: { signal?: AbortSignal; forceRefresh?: boolean }) => Promise<Credentials>;

export class CredentialsError extends Error {
  readonly code: string;
  readonly provider: string | undefined;
  readonly tryNextLink: boolean;
  constructor(message: string, options: { code: string; provider?: string; tryNextLink?: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CredentialsError';
    this.code = options.code;
    this.provider = options.provider;
    this.tryNextLink = options.tryNextLink ?? false;
  }
}

export function isCredentialsError(value: unknown): value is CredentialsError {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'CredentialsError' && typeof (value as { code?: unknown }).code === 'string';
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  return btoa(bin);
}

export function fromStatic(init: { accessKeyId: string; accessKeySecret: string; securityToken?: string }): CredentialProvider {
  const creds = Object.freeze({ ...init, providerName: 'static' });
  return async () => creds;
}
