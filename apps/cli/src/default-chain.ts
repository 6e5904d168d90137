import { CredentialsError, isCredentialsError, type CredentialProvider } from '@alicred/core';
import { singleSource, type SourceSettings } from './sources';

// TEMPORARY until @alicred/chain lands: the official order, stopping at the first configured source.
function firstOf(names: Array<Parameters<typeof singleSource>[0]>, settings: SourceSettings): CredentialProvider {
  const links = names.map((name) => singleSource(name, settings));
  return async (options) => {
    const reasons: string[] = [];
    for (const link of links) {
      try {
        return await link(options);
      } catch (error) {
        if (isCredentialsError(error) && error.tryNextLink) {
          reasons.push(error.message);
          continue;
        }
        throw error;
      }
    }
    throw new CredentialsError(`no credentials found: ${reasons.join('; ')}`, { code: 'NotConfigured', provider: 'chain' });
  };
}

/** The default chain with the CLI's settings. */
export function defaultChainFor(settings: SourceSettings): CredentialProvider {
  return firstOf(['env', 'oidc', 'cli-profile', 'ini', 'ecs', 'uri'], settings);
}

/** `--profile P`: the aliyun CLI configuration, then the credentials INI file. */
export function profileChainFor(settings: SourceSettings): CredentialProvider {
  return firstOf(['cli-profile', 'ini'], settings);
}

/** One link of the chain as `alicred doctor` shows it. */
export interface LinkReport {
  name: string;
  status: 'used' | 'not-configured' | 'failed' | 'not-tried';
  code?: string;
  reason?: string;
  durationMs: number;
}

/** The default chain, link by link. */
export interface ChainExplanation {
  links: LinkReport[];
  credentials?: import('@alicred/core').Credentials;
  errorMessage?: string;
  exitCode: number;
}

const DEFAULT_LINKS = ['env', 'oidc', 'cli-profile', 'ini', 'ecs', 'uri'] as const;

/** Tries each link of the default chain in order, recording why it was or was not used. */
export async function explainDefaultChain(settings: SourceSettings, signal?: AbortSignal): Promise<ChainExplanation> {
  const links: LinkReport[] = [];
  let credentials;
  let errorMessage: string | undefined;
  let exitCode = 2;
  for (const name of DEFAULT_LINKS) {
    if (credentials || errorMessage) {
      links.push({ name, status: 'not-tried', reason: 'an earlier source decided', durationMs: 0 });
      continue;
    }
    const started = performance.now();
    try {
      credentials = await singleSource(name, settings)(signal ? { signal } : undefined);
      links.push({ name, status: 'used', durationMs: performance.now() - started });
    } catch (error) {
      const durationMs = performance.now() - started;
      if (isCredentialsError(error)) {
        links.push({ name, status: error.tryNextLink ? 'not-configured' : 'failed', code: error.code, reason: error.message, durationMs });
        if (!error.tryNextLink) {
          errorMessage = error.message;
          const { exitCodeOf } = await import('./cli-error');
          exitCode = exitCodeOf(error);
        }
      } else {
        links.push({ name, status: 'failed', reason: String(error), durationMs });
        errorMessage = String(error);
        exitCode = 3;
      }
    }
  }
  return { links, ...(credentials ? { credentials } : {}), ...(errorMessage ? { errorMessage } : {}), exitCode };
}
