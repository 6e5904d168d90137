/**
 * Exit codes of the `alicred` command. Scripts may rely on them; they are listed in the README.
 */
export const ExitCode = {
  /** Success. */
  Ok: 0,
  /** Bad arguments, an unknown command or option, or a refusal such as printing secrets to a terminal. */
  Usage: 1,
  /** No credentials: no source is configured, or the configured one is broken (a bad profile, a missing file). */
  NoCredentials: 2,
  /** A remote service answered with an error or could not be reached (STS, metadata, credentials URI, OSS). */
  Remote: 3,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
