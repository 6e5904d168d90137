import type { CredentialProvider } from '@alicred/core';

/**
 * Error codes with which Alibaba Cloud services reject an AccessKey that no longer exists: OSS
 * `InvalidAccessKeyId`, POP APIs `InvalidAccessKeyId.NotFound` and `InvalidAccessKeyId.Inactive`. The
 * generic `Unauthorized` of some Tea SDKs is left out: it also means "not allowed", which a new key would not fix.
 */
export const INVALID_ACCESS_KEY_CODES: readonly string[] = Object.freeze([
  'InvalidAccessKeyId',
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId.Inactive',
]);

/** Whether a service error `code` means "this AccessKey is unknown or disabled" (see {@link INVALID_ACCESS_KEY_CODES}). */
export function isInvalidAccessKeyCode(code: unknown): boolean {
  return typeof code === 'string' && INVALID_ACCESS_KEY_CODES.includes(code);
}

/**
 * Tells any provider that `accessKeyId` was rejected: calls its `reportInvalid(accessKeyId)` when it has one
 * (`fromKmsClientKey` does; other alicred providers may), else does nothing. Resolves `true` when the
 * provider now holds another key, so the caller should retry once with fresh credentials. Never rejects.
 *
 * @example
 * ```ts
 * if (res.status === 403 && isInvalidAccessKeyCode(ossErrorCode) && (await reportInvalidAccessKey(credentials, creds.accessKeyId))) {
 *   // sign and send the request again with `await credentials()`
 * }
 * ```
 */
export async function reportInvalidAccessKey(provider: CredentialProvider, accessKeyId: string): Promise<boolean> {
  const report = (provider as { reportInvalid?: unknown }).reportInvalid;
  if (typeof report !== 'function') return false;
  try {
    return (await (report as (id: string) => Promise<unknown>).call(provider, accessKeyId)) === true;
  } catch {
    return false;
  }
}
