import { chain, defaultChain, type ChainProvider, type LinkReport } from '@alicred/chain';
import type { Credentials } from '@alicred/core';
import { exitCodeOf } from './cli-error';
import { ExitCode } from './exit-codes';
import { singleSource, type SourceSettings } from './sources';

export type { LinkReport };

function chainInit(settings: SourceSettings) {
  return {
    env: settings.env,
    ...(settings.logger ? { logger: settings.logger } : {}),
    ...(settings.profile !== undefined ? { profile: settings.profile } : {}),
    ...(settings.stsEndpoint !== undefined ? { stsEndpoint: settings.stsEndpoint } : {}),
  };
}

/** `@alicred/chain`'s default chain with the CLI's environment, profile, STS endpoint and logger. */
export function defaultChainFor(settings: SourceSettings): ChainProvider {
  return defaultChain(chainInit(settings));
}

/**
 * `--profile P`: the aliyun CLI configuration, then the credentials INI file, and nothing else; a profile
 * found in neither is an error listing both files.
 */
export function profileChainFor(settings: SourceSettings): ChainProvider {
  return chain(
    { name: 'cli-profile', provider: singleSource('cli-profile', settings) },
    { name: 'ini', provider: singleSource('ini', settings) },
  );
}

/** The default chain, link by link, as `alicred doctor` shows it. */
export interface ChainExplanation {
  links: readonly LinkReport[];
  credentials?: Credentials;
  /** Why no link gave credentials. */
  errorMessage?: string;
  /** The exit code when no link gave credentials. */
  exitCode: number;
}

/** Walks the default chain once (never throws for a failed resolution). */
export async function explainDefaultChain(settings: SourceSettings, signal?: AbortSignal): Promise<ChainExplanation> {
  const report = await defaultChainFor(settings).explain(signal ? { signal } : undefined);
  return {
    links: report.links,
    ...(report.credentials ? { credentials: report.credentials } : {}),
    // The exhausted-chain message repeats every link; the table already shows them, so keep its first line.
    ...(report.error ? { errorMessage: report.error.message.split('\n')[0]?.replace(/; tried, in order:$/, '.') } : {}),
    exitCode: report.error ? exitCodeOf(report.error) : ExitCode.Ok,
  };
}
