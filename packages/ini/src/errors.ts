import { CredentialsError } from '@alicred/core';

/** Provider name of {@link fromIni}: carried by its credentials and errors. */
export const INI_PROVIDER_NAME = 'ini';
/** Provider name of {@link fromCliProfile}: carried by its credentials and errors. */
export const CLI_PROFILE_PROVIDER_NAME = 'cli-profile';

/**
 * Stable `code`s of the errors this package raises itself (delegated providers and `@alicred/core` add
 * their own, e.g. `HttpError`, `Timeout`, `InvalidResponse`).
 */
export type ProfileErrorCode =
  | 'NotConfigured'
  | 'ProfileDisabled'
  | 'UnreadableFile'
  | 'MalformedFile'
  | 'UnsafeProfileName'
  | 'InvalidProfile'
  | 'ProfileCycle'
  | 'MissingPackage'
  | 'WrongCredentialType'
  | 'Expired'
  | 'ProcessFailed'
  | 'Unsupported'
  | 'HttpError'
  | 'InvalidResponse';

/** Where a problem is: the provider, the file, and the profile when one was chosen. */
export interface Location {
  readonly provider: string;
  readonly file: string;
  readonly profile?: string;
}

/** A profile name fit for a message: quoted, control characters removed, long names cut. */
export function quoteName(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return JSON.stringify(clean.length > 64 ? `${clean.slice(0, 64)}…` : clean);
}

/** `profile "dev" in /home/me/.alibabacloud/credentials`, or the file alone. */
export function describe(where: Location): string {
  return where.profile === undefined ? where.file : `profile ${quoteName(where.profile)} in ${where.file}`;
}

/**
 * An error about a file or a profile. `tryNextLink` defaults to false: a profile that exists but is wrong is a
 * mistake to fix, and a chain that moved on would hide it behind other credentials.
 * Messages name keys, never values.
 */
export function profileError(
  where: Location,
  code: ProfileErrorCode,
  message: string,
  options: { tryNextLink?: boolean; cause?: unknown } = {},
): CredentialsError {
  return new CredentialsError(`${describe(where)}: ${message}`, {
    code,
    provider: where.provider,
    tryNextLink: options.tryNextLink ?? false,
    ...(options.cause === undefined ? {} : { cause: options.cause }),
  });
}
