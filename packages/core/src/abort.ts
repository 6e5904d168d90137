import { CredentialsError } from './errors';

/** A `CredentialsError` `Aborted` for a caller's signal that fired; the signal's reason is the cause. */
export function abortedError(signal: AbortSignal, provider: string): CredentialsError {
  return new CredentialsError(`the ${provider} credentials request was aborted by the caller's signal.`, {
    code: 'Aborted',
    provider,
    cause: signal.reason,
  });
}

/** Throws {@link abortedError} when `signal` has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined, provider: string): void {
  if (signal?.aborted) throw abortedError(signal, provider);
}

/**
 * Waits for `promise`, but gives up with `Aborted` as soon as `signal` fires. The promise itself keeps
 * running (others may share it); the listener is removed either way, so long-lived signals do not leak.
 */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined, provider: string): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortedError(signal, provider));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(signal, provider));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
