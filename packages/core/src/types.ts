import type { Credentials } from './credentials';

/** Per-call options of a {@link CredentialProvider}. */
export interface ProviderOptions {
  /** Aborts this caller's wait (and, where the fetch is not shared, the fetch itself). */
  signal?: AbortSignal;
  /** Skip the cache and fetch new credentials (concurrent force-refresh callers share one fetch). */
  forceRefresh?: boolean;
}

/**
 * A function that resolves credentials. Plain functions compose (chains, role chaining), mock and
 * tree-shake easily; a provider made with `refreshing()` caches and refreshes on its own.
 */
export type CredentialProvider = (options?: ProviderOptions) => Promise<Credentials>;
