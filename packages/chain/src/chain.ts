import {
  CredentialsError,
  detectRuntime,
  isCredentialsError,
  raceSignal,
  throwIfAborted,
  type CredentialProvider,
  type Credentials,
  type ProviderOptions,
} from '@alicred/core';

/** Provider name carried by errors of a chain as a whole. */
export const CHAIN_PROVIDER_NAME = 'chain';

/** A link with a name (shown by {@link ChainProvider.explain} and in errors) and, optionally, how to set it up. */
export interface ChainLink {
  /** Short name of the source, e.g. `env`, `ecs`. */
  readonly name: string;
  /** The source. Give it its own cache (every alicred source has one): the chain adds none. */
  readonly provider: CredentialProvider;
  /** How to configure this source; printed for links that were skipped when the whole chain fails. */
  readonly hint?: string;
}

/** What happened to one link during a resolution. */
export interface LinkReport {
  readonly name: string;
  /**
   * - `used`: this link gave the credentials;
   * - `not-configured`: it said "nothing here" (`tryNextLink: true`), the chain went on;
   * - `failed`: it is configured but broken (or threw something unexpected): the chain stopped here;
   * - `not-tried`: an earlier link decided.
   */
  readonly status: 'used' | 'not-configured' | 'failed' | 'not-tried';
  /** The error code of a `not-configured` or `failed` link. */
  readonly code?: string;
  /** Why the link was not used (the source's message; never a secret). */
  readonly reason?: string;
  /** How to configure the link (links that carry a hint). */
  readonly hint?: string;
  /** How long the link took, in ms. */
  readonly durationMs: number;
}

/** The outcome of one resolution of a chain, link by link: the data `alicred doctor` prints. */
export interface ChainReport {
  /** Name of the link that gave the credentials, if any. */
  readonly resolvedBy?: string;
  /** The credentials (redacted when printed or serialised). */
  readonly credentials?: Credentials;
  /** Every link in order. */
  readonly links: readonly LinkReport[];
  /** The error the resolution ended with (every link not configured, or one broken link). */
  readonly error?: CredentialsError;
}

/** A {@link CredentialProvider} made by {@link chain}, with its diagnostics. */
export interface ChainProvider extends CredentialProvider {
  /**
   * Walks the whole chain now (each link's own cache still applies) and reports what every link did. Never
   * throws for a failed resolution: the error is in the report. A success also becomes the remembered link.
   */
  explain(options?: ProviderOptions): Promise<ChainReport>;
  /** The report of the last walk through the chain, or `undefined` before the first call. */
  readonly lastReport: ChainReport | undefined;
  /** The names of the links, in order. */
  readonly linkNames: readonly string[];
}

/** A chain error: the reasons of every link are in `links` too (the message lists them). */
export interface ChainError extends CredentialsError {
  readonly links: readonly LinkReport[];
}

/** Options of a chain (used by `defaultChain`; `chain()` uses the defaults). */
export interface ChainOptions {
  /** First line of the error when no link has credentials. Default: "no credentials found by the chain". */
  exhaustedMessage?: string;
  /** Share one walk between concurrent callers (default: on, except on Cloudflare Workers; see core's `refreshing`). */
  shareInFlight?: boolean;
  /** Clock for `durationMs`, in ms (default `performance.now`). */
  clock?: () => number;
}

interface Winner {
  readonly index: number;
}

function toLink(entry: CredentialProvider | ChainLink, index: number): ChainLink {
  if (typeof entry === 'function') return { name: entry.name || `link ${index + 1}`, provider: entry };
  if (entry && typeof entry === 'object' && typeof entry.provider === 'function' && typeof entry.name === 'string' && entry.name !== '') {
    return entry;
  }
  throw new CredentialsError(`chain: link ${index + 1} is neither a credential provider (a function) nor { name, provider }.`, {
    code: 'InvalidConfiguration',
    provider: CHAIN_PROVIDER_NAME,
  });
}

function isCredentials(value: unknown): value is Credentials {
  const v = value as Credentials | undefined;
  return typeof v?.accessKeyId === 'string' && typeof v.accessKeySecret === 'string';
}

function unexpected(link: ChainLink, error: unknown): CredentialsError {
  return new CredentialsError(`chain: the ${link.name} link failed with an unexpected error (see \`cause\`); the chain stops here.`, {
    code: 'FetchFailed',
    provider: link.name,
    cause: error,
  });
}

function describeLinks(links: readonly LinkReport[]): string {
  return links
    .map((l, i) => {
      const head = `  ${i + 1}. ${l.name}: ${l.reason ?? l.status}`;
      return l.hint && l.status === 'not-configured' ? `${head}\n     to use it: ${l.hint}` : head;
    })
    .join('\n');
}

function exhaustedError(message: string, links: readonly LinkReport[]): ChainError {
  const error = new CredentialsError(`${message}; tried, in order:\n${describeLinks(links)}`, {
    code: 'NotConfigured',
    provider: CHAIN_PROVIDER_NAME,
    // A chain nested in another chain is one more "not configured here" link.
    tryNextLink: true,
  }) as CredentialsError & { links: readonly LinkReport[] };
  Object.defineProperty(error, 'links', { value: Object.freeze([...links]), enumerable: false });
  return error;
}

/** @internal The chain with options; `chain()` and `defaultChain()` are thin fronts over it. */
export function buildChain(entries: readonly (CredentialProvider | ChainLink)[], options: ChainOptions = {}): ChainProvider {
  if (entries.length === 0) {
    throw new CredentialsError('chain: give at least one provider.', { code: 'InvalidConfiguration', provider: CHAIN_PROVIDER_NAME });
  }
  const links = entries.map(toLink);
  const clock = options.clock ?? (() => performance.now());
  const share = options.shareInFlight ?? detectRuntime() !== 'workerd';
  const exhaustedMessage = options.exhaustedMessage ?? 'no credentials found by the chain';

  let winner: Winner | undefined;
  let inflight: Promise<Credentials> | undefined;
  let lastReport: ChainReport | undefined;

  /** Tries every link in order; records the report; remembers the winner only once it has succeeded. */
  async function walk(callOptions: ProviderOptions | undefined): Promise<ChainReport> {
    const reports: LinkReport[] = [];
    let result: ChainReport | undefined;
    for (let i = 0; i < links.length; i++) {
      const link = links[i] as ChainLink;
      if (result) {
        reports.push({ name: link.name, status: 'not-tried', durationMs: 0 });
        continue;
      }
      const started = clock();
      try {
        const credentials = await link.provider(callOptions);
        if (!isCredentials(credentials)) throw new CredentialsError(`chain: the ${link.name} link returned something that is not credentials.`, { code: 'InvalidResponse', provider: link.name });
        reports.push({ name: link.name, status: 'used', durationMs: clock() - started });
        winner = { index: i };
        result = { resolvedBy: link.name, credentials, links: reports };
      } catch (caught) {
        const durationMs = clock() - started;
        const error = isCredentialsError(caught) ? caught : unexpected(link, caught);
        const hint = link.hint !== undefined ? { hint: link.hint } : {};
        // The caller gave up: that says nothing about this link or the ones after it.
        if (error.code === 'Aborted' && callOptions?.signal?.aborted) {
          reports.push({ name: link.name, status: 'failed', code: error.code, reason: error.message, ...hint, durationMs });
          result = { links: reports, error };
          continue;
        }
        if (error.tryNextLink) {
          reports.push({ name: link.name, status: 'not-configured', code: error.code, reason: error.message, ...hint, durationMs });
          continue;
        }
        reports.push({ name: link.name, status: 'failed', code: error.code, reason: error.message, ...hint, durationMs });
        result = { links: reports, error };
      }
    }
    result ??= { links: reports, error: exhaustedError(exhaustedMessage, reports) };
    lastReport = Object.freeze({ ...result, links: Object.freeze(reports) });
    return lastReport;
  }

  async function resolve(callOptions: ProviderOptions | undefined): Promise<Credentials> {
    const report = await walk(callOptions);
    if (report.credentials) return report.credentials;
    throw report.error as CredentialsError;
  }

  async function viaWinner(current: Winner, callOptions: ProviderOptions | undefined): Promise<Credentials | undefined> {
    const link = links[current.index] as ChainLink;
    try {
      const credentials = await link.provider(callOptions);
      if (isCredentials(credentials)) return credentials;
      throw new CredentialsError(`chain: the ${link.name} link returned something that is not credentials.`, { code: 'InvalidResponse', provider: link.name });
    } catch (caught) {
      const error = isCredentialsError(caught) ? caught : unexpected(link, caught);
      // The remembered source is gone (e.g. its variables were unset): forget it and walk the chain again.
      if (error.tryNextLink && error.code !== 'Aborted') {
        if (winner === current) winner = undefined;
        return undefined;
      }
      throw error;
    }
  }

  const provider = (async (callOptions?: ProviderOptions): Promise<Credentials> => {
    const signal = callOptions?.signal;
    throwIfAborted(signal, CHAIN_PROVIDER_NAME);
    const current = winner;
    if (current) {
      const credentials = await viaWinner(current, callOptions);
      if (credentials) return credentials;
    }
    if (!share) return resolve(callOptions);
    // Single flight: concurrent callers share one walk; it runs without any one caller's signal (each caller
    // still stops waiting on its own), like core's refresh cache.
    if (!inflight) {
      const shared = resolve(callOptions?.forceRefresh ? { forceRefresh: true } : undefined);
      inflight = shared;
      const clear = (): void => {
        if (inflight === shared) inflight = undefined;
      };
      shared.then(clear, clear);
    }
    return raceSignal(inflight, signal, CHAIN_PROVIDER_NAME);
  }) as ChainProvider;

  Object.defineProperties(provider, {
    explain: {
      value: async (callOptions?: ProviderOptions): Promise<ChainReport> => walk(callOptions),
    },
    lastReport: { get: () => lastReport },
    linkNames: { value: Object.freeze(links.map((l) => l.name)) },
  });
  return provider;
}

/**
 * Tries each provider in order and returns the first credentials.
 *
 * - A `CredentialsError` with `tryNextLink: true` ("not configured here") moves on to the next link; any
 *   other error (a configured but broken source, or an unexpected exception) stops the chain at once, so a
 *   typo in a profile is reported instead of silently falling through to other credentials.
 * - When every link says "not configured", the error (`NotConfigured`, `tryNextLink: true`, so chains nest)
 *   lists every link's reason; `error.links` has them as data.
 * - The winning link is remembered **after** it succeeded (the official Node and Go libraries remember the link
 *   before trying it and stay stuck on the last one after a failure). Later calls go straight to it; if it
 *   later says "not configured" (its variables were removed), the chain is walked again from the start.
 * - Concurrent callers share one walk (single flight); once a link won, each call is that link's own call,
 *   and its own `@alicred/core` cache makes it single-flight and refreshes it. The chain adds no second cache,
 *   so a source's rules (e.g. ECS static stability) reach the caller unchanged.
 *
 * Links are providers (named after the function, else `link N`) or `{ name, provider, hint? }`.
 *
 * @example
 * ```ts
 * const provider = chain({ name: 'env', provider: fromEnv() }, { name: 'uri', provider: fromCredentialsUri() });
 * const credentials = await provider();
 * const report = await provider.explain(); // which link won, and why each other one did not
 * ```
 */
export function chain(...providers: Array<CredentialProvider | ChainLink>): ChainProvider {
  return buildChain(providers);
}
