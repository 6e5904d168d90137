import type { ProviderOptions } from '@alicred/core';

/** A provider of anything (credentials, bearer tokens) with the `CredentialProvider` call shape. */
export type Provider<T> = (options?: ProviderOptions) => Promise<T>;

/**
 * A provider that builds its inner provider on first use (reading files then, never at construction) and
 * keeps it, so the inner provider's cache (an AssumeRole session, say) lives as long as this one.
 * - Concurrent first calls share one build.
 * - A failed build is not kept: the next call tries again (the file may have been fixed or created).
 * - `forceRefresh` rebuilds (re-reading the file, so rotated keys are picked up) and passes the flag on.
 */
export function lazyProvider<T>(build: () => Promise<Provider<T>>): Provider<T> {
  let inner: Provider<T> | undefined;
  let building: Promise<Provider<T>> | undefined;
  const rebuild = (): Promise<Provider<T>> => {
    building ??= build().then(
      (provider) => {
        inner = provider;
        building = undefined;
        return provider;
      },
      (error: unknown) => {
        building = undefined;
        throw error;
      },
    );
    return building;
  };
  return async (options) => {
    options?.signal?.throwIfAborted();
    const provider = inner !== undefined && options?.forceRefresh !== true ? inner : await rebuild();
    return provider(options);
  };
}
