/**
 * Stable error codes used by every alicred package. Other packages may use their own codes too (the `code`
 * field is a plain string), but these are the ones core produces and documents.
 *
 * - `NotConfigured`: the source has nothing to read here (usually `tryNextLink: true`).
 * - `InvalidConfiguration`: the source is configured, but wrongly (a bad URL, a half-set profile).
 * - `InvalidCredentials`: a credential value is empty, not a string, or has a bad expiration.
 * - `Expired`: the credentials (or the ones a source returned) are already expired.
 * - `HttpError`: the server answered with an unexpected HTTP status.
 * - `NetworkError`: the request never got an answer (connection refused, DNS, reset).
 * - `Timeout`: the request took longer than its timeout.
 * - `Aborted`: the caller's `AbortSignal` fired.
 * - `BodyTooLarge`: the response body was larger than the cap.
 * - `InvalidResponse`: the server answered, but with something that cannot be parsed.
 * - `FetchFailed`: a user-supplied fetch function threw something that is not a `CredentialsError`.
 * - `Unsupported`: the feature is not available on this runtime (e.g. needs Node).
 */
// `@__PURE__`: bundles that never read ErrorCode drop it (a bare Object.freeze call counts as a side effect).
export const ErrorCode = /* @__PURE__ */ Object.freeze({
  NotConfigured: 'NotConfigured',
  InvalidConfiguration: 'InvalidConfiguration',
  InvalidCredentials: 'InvalidCredentials',
  Expired: 'Expired',
  HttpError: 'HttpError',
  NetworkError: 'NetworkError',
  Timeout: 'Timeout',
  Aborted: 'Aborted',
  BodyTooLarge: 'BodyTooLarge',
  InvalidResponse: 'InvalidResponse',
  FetchFailed: 'FetchFailed',
  Unsupported: 'Unsupported',
} as const);

/** One of the documented codes in {@link ErrorCode}. */
export type CredentialsErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Options of the {@link CredentialsError} constructor. */
export interface CredentialsErrorOptions {
  /** A stable, machine-readable code: one of {@link ErrorCode} or a package-specific string. */
  code: CredentialsErrorCode | (string & {});
  /** Name of the provider that failed (e.g. `env`, `ecs-imds`). */
  provider: string;
  /**
   * `true` = "this source is not configured here, a chain should try the next one";
   * `false` (default) = "configured but broken: stop and report".
   */
  tryNextLink?: boolean;
  /** The underlying error, if any. It must not carry secrets either. */
  cause?: unknown;
}

/**
 * The one error type of alicred. Check for it with {@link isCredentialsError} (by property), never with
 * `instanceof`: two copies of `@alicred/core` may be loaded in one process.
 *
 * Messages say what to do and never contain an AccessKey secret, a security token or a signature.
 *
 * @example
 * ```ts
 * throw new CredentialsError('ALIBABA_CLOUD_ACCESS_KEY_ID is not set', {
 *   code: 'NotConfigured', provider: 'env', tryNextLink: true,
 * });
 * ```
 */
export class CredentialsError extends Error {
  /** A stable, machine-readable code (see {@link ErrorCode}). */
  readonly code: string;
  /** Whether a chain should go on with its next source. */
  readonly tryNextLink: boolean;
  /** Name of the provider that failed. */
  readonly provider: string;

  /** @param message - what went wrong and what to do; never a secret. */
  constructor(message: string, options: CredentialsErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.provider = options.provider;
    this.tryNextLink = options.tryNextLink ?? false;
  }

  // A getter on the prototype rather than an own field, so the name survives minifiers and subclassing
  // does not change what `isCredentialsError` looks for.
  override get name(): string {
    return 'CredentialsError';
  }
}

/**
 * Whether `value` is a {@link CredentialsError}, from this copy of core or any other: checks
 * `name === 'CredentialsError'`, a boolean `tryNextLink` and a string `code`.
 */
export function isCredentialsError(value: unknown): value is CredentialsError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { name?: unknown; tryNextLink?: unknown; code?: unknown };
  return candidate.name === 'CredentialsError' && typeof candidate.tryNextLink === 'boolean' && typeof candidate.code === 'string';
}
