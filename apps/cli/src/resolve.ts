import type { CredentialProvider } from '@alicred/core';
import { defaultChainFor, profileChainFor } from './default-chain';
import { singleSource, type SourceName, type SourceSettings } from './sources';

/**
 * The provider a command uses: one `--source`, else with `--profile` only the two profile files (a named
 * profile that exists nowhere is an error, not a silent fall-through to other credentials), else the
 * default chain.
 */
export function resolveProvider(source: SourceName, settings: SourceSettings): CredentialProvider {
  if (source !== 'default') return singleSource(source, settings);
  if (settings.profile !== undefined) return profileChainFor(settings);
  return defaultChainFor(settings);
}
